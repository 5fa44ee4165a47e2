package sc.fiji.deepmac.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.CodedInputStream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

import sc.fiji.deepmac.engine.spi.EngineException;

/**
 * Reads {@code saved_model.pb} as a protocol buffer, before TensorFlow loads it (loading already runs the model's
 * restore and init ops), and lists the operations that a Deep-MAC model has no business running.
 * <p>
 * What is checked: every node of the {@code serve} meta graph (the serving signature's call, the init op
 * {@code __saved_model_init_op}, anything else put there), and every library function that a checked node or
 * function calls, transitively: through an op named like the function, an attribute that names a function
 * ({@code f} of {@code StatefulPartitionedCall}/{@code PartitionedCall}, {@code body}/{@code cond} of {@code While},
 * {@code then_branch}/{@code else_branch} of {@code If}, ...) or a list of them ({@code Case}'s branches).
 * Functions that nothing calls are never run and not checked.
 * <p>
 * Each op must be on {@link OpLists#ALLOWED}. One exception, by construction of SavedModels: the saver. TensorFlow's
 * loader restores the variables by feeding {@code variables/variables} to the saver's filename tensor and running
 * its {@code restore_op_name}; {@code save_tensor_name} is only run when a program saves. The nodes that these two
 * depend on, and the functions they call (TF2's {@code __inference__traced_restore_*} and {@code _save_*}), may
 * also use {@link OpLists#SAVER} (RestoreV2, SaveV2, ShardedFilename, ...) and nothing else outside the allow-list;
 * their checkpoint ops read and write only the files that the loader names. A refused op on
 * {@link OpLists#DENIED} (files, network, Python) is named with what it does.
 */
final class OpAudit {

	/** The meta graph that serving loads. */
	private static final String SERVE_TAG = "serve";

	private final Map<String, FunctionDef> library = new HashMap<>();

	private OpAudit(MetaGraphDef graph) {
		for (FunctionDef f : graph.getGraphDef().getLibrary().getFunctionList())
			library.put(f.getSignature().getName(), f);
	}

	/**
	 * Checks the serving signature of the SavedModel in {@code savedModel} (the folder of {@code saved_model.pb})
	 * and returns its ops that are not allowed, sorted, each with what it does ({@code "ReadFile (files)"},
	 * {@code "Foo (not a Deep-MAC op)"}); empty when the model may be loaded.
	 *
	 * @throws EngineException of kind MODEL when saved_model.pb cannot be read, has no serve meta graph or the wrong
	 *           signature
	 */
	static List<String> audit(Path savedModel) {
		MetaGraphDef graph = serveGraph(savedModel);
		ModelSignature.check(savedModel, graph.getSignatureDefMap().get(ModelSignature.SIGNATURE),
			graph.getSignatureDefMap().keySet());
		OpAudit audit = new OpAudit(graph);
		Set<String> saverNodes = saverNodes(graph);
		Set<String> saverOps = new TreeSet<>(), otherOps = new TreeSet<>();
		Set<String> saverCalls = new HashSet<>(), otherCalls = new HashSet<>();
		for (NodeDef node : graph.getGraphDef().getNodeList())
			if (saverNodes.contains(node.getName())) audit.walk(node, saverOps, saverCalls);
			else audit.walk(node, otherOps, otherCalls);
		saverOps.removeAll(OpLists.SAVER);
		otherOps.addAll(saverOps);
		otherOps.removeAll(OpLists.ALLOWED);
		return otherOps.stream().map(op -> op + " (" + OpLists.DENIED.getOrDefault(op, "not a Deep-MAC op") + ")")
			.toList();
	}

	/**
	 * Adds the ops of {@code root} and of the functions it calls, transitively, to {@code ops}; {@code calls} holds
	 * the functions already walked.
	 */
	private void walk(NodeDef root, Set<String> ops, Set<String> calls) {
		Deque<NodeDef> todo = new ArrayDeque<>(List.of(root));
		while (!todo.isEmpty()) {
			NodeDef node = todo.pop();
			Set<String> called = new HashSet<>();
			if (library.containsKey(node.getOp())) called.add(node.getOp());
			else ops.add(node.getOp());
			for (AttrValue attr : node.getAttrMap().values()) {
				if (attr.hasFunc()) called.add(attr.getFunc().getName());
				attr.getList().getFuncList().forEach(f -> called.add(f.getName()));
			}
			for (String name : called) {
				FunctionDef f = library.get(name);
				// a function missing from the library fails TensorFlow's load; nothing of it can run
				if (f != null && calls.add(name)) todo.addAll(f.getNodeDefList());
			}
		}
	}

	/**
	 * The nodes that only the saver's restore and save ops depend on (inputs and control inputs, transitively): not
	 * those that any other node depends on too, so that a serving output cannot borrow the saver's allowance.
	 */
	private static Set<String> saverNodes(MetaGraphDef graph) {
		Map<String, NodeDef> nodes = new HashMap<>();
		for (NodeDef node : graph.getGraphDef().getNodeList())
			nodes.put(node.getName(), node);
		if (!graph.hasSaverDef()) return Set.of();
		Set<String> saver = closure(nodes, List.of(nodeName(graph.getSaverDef().getRestoreOpName()),
			nodeName(graph.getSaverDef().getSaveTensorName())));
		saver.removeAll(closure(nodes, nodes.keySet().stream().filter(n -> !saver.contains(n)).toList()));
		return saver;
	}

	private static Set<String> closure(Map<String, NodeDef> nodes, List<String> roots) {
		Set<String> closure = new HashSet<>();
		Deque<String> todo = new ArrayDeque<>(roots);
		while (!todo.isEmpty()) {
			NodeDef node = nodes.get(todo.pop());
			if (node == null || !closure.add(node.getName())) continue;
			node.getInputList().forEach(input -> todo.add(nodeName(input)));
		}
		return closure;
	}

	/** "^name", "name:1" -> "name". */
	private static String nodeName(String input) {
		String name = input.startsWith("^") ? input.substring(1) : input;
		int colon = name.indexOf(':');
		return colon < 0 ? name : name.substring(0, colon);
	}

	private static MetaGraphDef serveGraph(Path savedModel) {
		Path pb = savedModel.resolve("saved_model.pb");
		SavedModel model;
		try (InputStream in = Files.newInputStream(pb)) {
			CodedInputStream coded = CodedInputStream.newInstance(in);
			coded.setSizeLimit(Integer.MAX_VALUE);
			model = SavedModel.parseFrom(coded);
		}
		catch (IOException e) {
			throw new EngineException(EngineException.Kind.MODEL, "Cannot read " + pb + " (" + e.getMessage()
				+ "): it is not a TensorFlow SavedModel or it is damaged; install the model again");
		}
		for (MetaGraphDef graph : model.getMetaGraphsList())
			if (graph.getMetaInfoDef().getTagsList().contains(SERVE_TAG)) return graph;
		throw new EngineException(EngineException.Kind.MODEL, "Model " + savedModel + " has no '" + SERVE_TAG
			+ "' meta graph: it is not a SavedModel exported for serving");
	}
}
