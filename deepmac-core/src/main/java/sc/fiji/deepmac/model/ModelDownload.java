package sc.fiji.deepmac.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a model archive into a {@code .part} file that a later download of the same URL resumes (HTTP Range):
 * a dropped connection is resumed at once, up to {@value #ATTEMPTS} times; a download that is stopped (the program
 * ends) is resumed by the next install.
 */
public final class ModelDownload {

	/** How a download goes, for a progress bar. */
	public interface Progress {
		/** Starts: {@code total} bytes (-1: not known), of which {@code done} are there already. */
		void start(long total, long done);

		/** {@code bytes} more arrived. */
		void advance(long bytes);

		void end();

		Progress NONE = new Progress() {
			@Override
			public void start(long total, long done) {}

			@Override
			public void advance(long bytes) {}

			@Override
			public void end() {}
		};
	}

	static final int ATTEMPTS = 3;
	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

	private ModelDownload() {}

	/**
	 * Downloads {@code url} into {@code part}, resuming what it holds.
	 *
	 * @throws ModelException when the server refuses or the connection fails {@value #ATTEMPTS} times; {@code part}
	 *           keeps what arrived, for the next try
	 */
	public static void download(URI url, Path part, Progress progress) {
		HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(30)).build();
		String failure = null;
		try {
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				try {
					if (fetch(client, url, part, progress)) return;
					failure = "the connection closed early";
				}
				catch (IOException e) {
					failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
				}
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			failure = "interrupted";
		}
		finally {
			progress.end();
		}
		throw new ModelException("The download of " + url + " stopped after " + size(part) + " bytes (" + failure
			+ "): run the same install again to resume it");
	}

	/** One request; true when {@code part} holds the whole file. */
	private static boolean fetch(HttpClient client, URI url, Path part, Progress progress)
		throws IOException, InterruptedException
	{
		long have = size(part);
		HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
		if (have > 0) request.header("Range", "bytes=" + have + "-");
		HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		long total;
		boolean append;
		try (InputStream body = response.body()) {
			if (response.statusCode() == 206) {
				Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
				append = m.matches() && Long.parseLong(m.group(1)) == have;
				if (!append) { // a range that is not the one asked for: start again
					Files.delete(part);
					return false;
				}
				total = m.group(2).equals("*") ? -1 : Long.parseLong(m.group(2));
			}
			else if (response.statusCode() == 200) {
				append = false;
				total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
				have = 0;
			}
			else if (response.statusCode() == 416 && have > 0) {
				Files.delete(part); // what we hold is not a prefix of the file (it changed): start again
				return false;
			}
			else throw new ModelException("The server answered HTTP " + response.statusCode() + " for " + url
				+ ": check the URL, or download the archive yourself and install the file");
			progress.start(total, have);
			try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
				byte[] buffer = new byte[1 << 16];
				for (int n; (n = body.read(buffer)) >= 0;) {
					out.write(buffer, 0, n);
					progress.advance(n);
				}
			}
		}
		return total < 0 || size(part) == total;
	}

	private static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException e) {
			return 0;
		}
	}
}
