package sc.fiji.deepmac.engine;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * Child-first class loader for an engine: it loads every class and resource from its own jars before asking its
 * parent, except the JDK's classes and the packages that it shares with the parent (the engine interface). So the
 * engine's TensorFlow, protobuf and JavaCPP are its own, whatever other versions the application's class path holds
 * (Fiji puts TensorFlow 1.15 there for CSBDeep and StarDist, in the same {@code org.tensorflow} package).
 */
final class IsolatingClassLoader extends URLClassLoader {

	static {
		registerAsParallelCapable();
	}

	private final List<String> sharedPrefixes;

	IsolatingClassLoader(String name, URL[] jars, ClassLoader parent, List<String> sharedPrefixes) {
		super(name, jars, parent);
		this.sharedPrefixes = List.copyOf(sharedPrefixes);
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		synchronized (getClassLoadingLock(name)) {
			Class<?> c = findLoadedClass(name);
			if (c == null) c = jdkClass(name);
			if (c == null) {
				if (shared(name)) c = getParent().loadClass(name);
				else {
					try {
						c = findClass(name);
					}
					catch (ClassNotFoundException e) {
						c = getParent().loadClass(name);
					}
				}
			}
			if (resolve) resolveClass(c);
			return c;
		}
	}

	private static Class<?> jdkClass(String name) {
		try {
			return ClassLoader.getPlatformClassLoader().loadClass(name);
		}
		catch (ClassNotFoundException e) {
			return null;
		}
	}

	private boolean shared(String name) {
		for (String prefix : sharedPrefixes)
			if (name.startsWith(prefix)) return true;
		return false;
	}

	@Override
	public URL getResource(String name) {
		URL own = findResource(name);
		return own != null ? own : super.getResource(name);
	}

	/**
	 * The engine's own resources of that name when it has any, else the parent's: so that {@link java.util.ServiceLoader}
	 * in the engine finds the engine's providers only (the application's SLF4J binding, say, would be loaded by the
	 * parent against the parent's API and fail).
	 */
	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		Enumeration<URL> own = findResources(name);
		if (own.hasMoreElements() || getParent() == null) return own;
		return getParent().getResources(name);
	}
}
