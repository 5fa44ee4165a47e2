package sc.fiji.deepmac.ij1;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Uses TensorFlow 1.15 Java, as CSBDeep and StarDist do in Fiji, from a macro: {@code call("sc.fiji.deepmac.ij1.Tf115Probe.multiply")}.
 * Reflection, because this module compiles against the TensorFlow Java of the Deep-MAC engine, whose
 * {@code org.tensorflow} package has other classes of the same names.
 */
public final class Tf115Probe {

	private Tf115Probe() {}

	/** Builds and runs the graph 6 * 7 with TensorFlow 1.15: "TensorFlow VERSION: 42.0", or the error. */
	public static String multiply() {
		try {
			Class<?> graphType = Class.forName("org.tensorflow.Graph"), tensorType = Class.forName("org.tensorflow.Tensor");
			Class<?> builderType = Class.forName("org.tensorflow.GraphOperationBuilder");
			Class<?> outputType = Class.forName("org.tensorflow.Output");
			Class<?> dataType = Class.forName("org.tensorflow.DataType");
			Object floatType = dataType.getField("FLOAT").get(null);
			String version = (String) Class.forName("org.tensorflow.TensorFlow").getMethod("version").invoke(null);
			Object graph = graphType.getConstructor().newInstance();
			Method opBuilder = graphType.getMethod("opBuilder", String.class, String.class);
			Method setType = builderType.getMethod("setAttr", String.class, dataType);
			Method setTensor = builderType.getMethod("setAttr", String.class, tensorType);
			Method addInput = builderType.getMethod("addInput", outputType);
			Method build = builderType.getMethod("build");
			Object[] factors = new Object[2];
			for (int i = 0; i < 2; i++) {
				Object value = tensorType.getMethod("create", Object.class).invoke(null, i == 0 ? 6f : 7f);
				Object builder = opBuilder.invoke(graph, "Const", "f" + i);
				setType.invoke(builder, "dtype", floatType);
				setTensor.invoke(builder, "value", value);
				Object op = build.invoke(builder);
				factors[i] = op.getClass().getMethod("output", int.class).invoke(op, 0);
			}
			Object mul = opBuilder.invoke(graph, "Mul", "product");
			addInput.invoke(mul, factors[0]);
			addInput.invoke(mul, factors[1]);
			build.invoke(mul);
			Object session = Class.forName("org.tensorflow.Session").getConstructor(graphType).newInstance(graph);
			Object runner = session.getClass().getMethod("runner").invoke(session);
			runner.getClass().getMethod("fetch", String.class).invoke(runner, "product");
			List<?> results = (List<?>) runner.getClass().getMethod("run").invoke(runner);
			float product = (Float) tensorType.getMethod("floatValue").invoke(results.get(0));
			session.getClass().getMethod("close").invoke(session);
			graphType.getMethod("close").invoke(graph);
			return "TensorFlow " + version + ": " + product;
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
			Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
			return "failed: " + cause;
		}
	}
}
