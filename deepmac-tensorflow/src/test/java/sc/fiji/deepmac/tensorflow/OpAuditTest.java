package sc.fiji.deepmac.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.engine.spi.EngineException;
import sc.fiji.deepmac.testing.TestModels;

/** The op allow-list on real SavedModels: ours pass, hostile ones are refused by name, the saver is exempt. */
class OpAuditTest {

	@TempDir
	Path tmp;

	@Test
	void theShippedModelAndEveryTestModelPass() {
		Path shipped = Path.of("..", "models", "deepmac-nuclei-objects-v2");
		assertTrue(Files.isRegularFile(shipped.resolve("saved_model.pb")), "the shipped model is where it was");
		assertEquals(List.of(), OpAudit.audit(shipped));
		assertEquals(List.of(), OpAudit.audit(TestModels.intensityModel(tmp.resolve("i"), 8)));
		assertEquals(List.of(), OpAudit.audit(TestModels.resizingIntensityModel(tmp.resolve("r"), 8, 64)));
	}

	@Test
	void aWrongSignatureIsFoundWithoutLoading() {
		EngineException e = assertThrows(EngineException.class, () -> OpAudit.audit(TestModels.imageOnlyModel(tmp.resolve("o"))));
		assertEquals(EngineException.Kind.MODEL, e.kind());
		assertTrue(e.getMessage().contains("wrong signature"), e.getMessage());
	}

	@Test
	void theSaversRestoreOpsAreAllowedOnlyInTheSaver() throws IOException {
		Path model = TestModels.variableModel(tmp.resolve("v"));
		String graph = new String(Files.readAllBytes(model.resolve("saved_model.pb")), StandardCharsets.ISO_8859_1);
		assertTrue(graph.contains("RestoreV2") && graph.contains("SaveV2"), "the model has a saver that restores variables");
		assertEquals(List.of(), OpAudit.audit(model));
	}

	@Test
	void aModelThatReadsOrWritesAFileIsRefusedByName() {
		List<String> reads = OpAudit.audit(TestModels.readingModel(tmp.resolve("r"), tmp.resolve("secret")));
		assertTrue(reads.contains("ReadFile (files)"), reads.toString());
		assertTrue(reads.stream().noneMatch(op -> op.startsWith("RestoreV2") || op.startsWith("SaveV2")), reads.toString());
		Path written = tmp.resolve("written");
		assertEquals(List.of("WriteFile (files)"), OpAudit.audit(TestModels.writingModel(tmp.resolve("w"), written)));
		assertFalse(Files.exists(written), "exporting did not run the write");
	}

	@Test
	void functionsAreWalkedThroughCallsAndFunctionAttributesAndUncalledOnesAreNot() throws IOException {
		Path dir = TestModels.intensityModel(tmp.resolve("f"), 8);
		SavedModel model = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
		MetaGraphDef.Builder graph = model.getMetaGraphs(0).toBuilder();
		graph.getGraphDefBuilder().getLibraryBuilder()
			.addFunction(function("reads", node("r", "ReadFile")))
			.addFunction(function("loops", node("w", "While").putAttr("body", func("reads"))))
			.addFunction(function("calls_by_op", node("c", "writes")))
			.addFunction(function("writes", node("x", "WriteFile")))
			.addFunction(function("unused", node("u", "PyFunc")));
		graph.getGraphDefBuilder().addNode(node("call", "StatefulPartitionedCall").putAttr("f", func("loops")));
		Files.write(dir.resolve("saved_model.pb"), model.toBuilder().setMetaGraphs(0, graph).build().toByteArray());
		assertEquals(List.of("ReadFile (files)"), OpAudit.audit(dir), "through f and a While body; PyFunc is never called");
		graph.getGraphDefBuilder().addNode(node("case", "Case").putAttr("branches", AttrValue.newBuilder()
			.setList(AttrValue.ListValue.newBuilder().addFunc(NameAttrList.newBuilder().setName("calls_by_op"))).build()));
		Files.write(dir.resolve("saved_model.pb"), model.toBuilder().setMetaGraphs(0, graph).build().toByteArray());
		assertEquals(List.of("ReadFile (files)", "WriteFile (files)"), OpAudit.audit(dir),
			"through a list of functions and a node whose op is a function's name");
	}

	private static NodeDef.Builder node(String name, String op) {
		return NodeDef.newBuilder().setName(name).setOp(op);
	}

	private static FunctionDef function(String name, NodeDef.Builder node) {
		return FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName(name)).addNodeDef(node).build();
	}

	private static AttrValue func(String name) {
		return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
	}

	@Test
	void aDamagedGraphIsAModelError() throws IOException {
		Path dir = Files.createDirectories(tmp.resolve("bad"));
		Files.write(dir.resolve("saved_model.pb"), new byte[] { 10, 100, 1, 2 });
		EngineException e = assertThrows(EngineException.class, () -> OpAudit.audit(dir));
		assertEquals(EngineException.Kind.MODEL, e.kind());
		assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
	}

	@Test
	void theListsDoNotOverlap() {
		Set<String> both = new HashSet<>(OpLists.ALLOWED);
		both.retainAll(OpLists.DENIED.keySet());
		assertEquals(Set.of(), both, "allowed and denied");
		both = new HashSet<>(OpLists.ALLOWED);
		both.retainAll(OpLists.SAVER);
		assertEquals(Set.of(), both, "allowed everywhere and only in the saver");
	}
}
