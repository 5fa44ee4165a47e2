package sc.fiji.deepmac.ij1;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Label;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * A person at the keyboard, for ImageJ under Xvfb: a macro starts it with
 * {@code call("sc.fiji.deepmac.ij1.DialogDriver.accept", title, screenshot, field, text)} just before the {@code run(...)}
 * that opens a dialog. In the background it waits for the dialog, photographs it (when {@code screenshot} is not
 * empty), types {@code text} into the text field after the label {@code field} (when not empty: clicks into it, clears
 * it with End and Backspace, types key by key), and clicks OK with the mouse. It prints what the messages and the
 * fields showed. {@code call("sc.fiji.deepmac.ij1.DialogDriver.cancel", title, screenshot)} clicks Cancel instead.
 */
public final class DialogDriver {

	private DialogDriver() {}

	public static String accept(String title, String screenshot, String field, String text) {
		return start(title, screenshot, field, text, "OK");
	}

	/** As {@link #accept}, typing nothing, and leaving the dialog with a mouse click on Cancel. */
	public static String cancel(String title, String screenshot) {
		return start(title, screenshot, "", "", "Cancel");
	}

	private static String start(String title, String screenshot, String field, String text, String button) {
		Thread thread = new Thread(() -> {
			try {
				drive(title, screenshot, field, text, button);
			}
			catch (Exception e) {
				// a dialog left open would keep ImageJ waiting until the test's time-out: end it now
				System.out.println("DialogDriver failed: " + e);
				System.exit(3);
			}
		}, "dialog-driver");
		thread.setDaemon(true);
		thread.start();
		return "started";
	}

	private static void drive(String title, String screenshot, String field, String text, String button)
		throws Exception {
		Dialog dialog = await(title);
		Robot robot = new Robot();
		robot.setAutoDelay(30);
		robot.waitForIdle();
		Thread.sleep(700);
		// Xvfb has no window manager to report where ImageJ centred the dialog, and Java may then believe it is at
		// (0, 0): clicks aimed by Java's coordinates miss. Moving it to a known place makes both agree.
		for (Point to : new Point[] { new Point(59, 89), new Point(60, 90) }) {
			java.awt.EventQueue.invokeAndWait(() -> dialog.setLocation(to));
			robot.waitForIdle();
		}
		Thread.sleep(300);
		for (String line : messages(dialog))
			System.out.println("DialogDriver message: " + line);
		for (TextField f : all(dialog, TextField.class))
			System.out.println("DialogDriver field: " + labelOf(f) + "=" + f.getText());
		if (!text.isEmpty()) {
			TextField target = all(dialog, TextField.class).stream().filter(f -> field.equals(labelOf(f))).findFirst()
				.orElseThrow(() -> new IllegalStateException("no field " + field));
			// as a person would: click, clear, type; again if a loaded machine lost keys
			for (int attempt = 0; attempt < 3 && (attempt == 0 || !text.equals(target.getText())); attempt++) {
				click(robot, target);
				robot.keyPress(KeyEvent.VK_END);
				robot.keyRelease(KeyEvent.VK_END);
				for (int i = target.getText().length(); i > 0; i--)
					press(robot, KeyEvent.VK_BACK_SPACE, false);
				type(robot, text);
				robot.waitForIdle();
				Thread.sleep(300);
			}
			System.out.println("DialogDriver typed: " + field + "=" + target.getText());
		}
		if (!screenshot.isEmpty()) {
			Rectangle bounds = new Rectangle(dialog.getLocationOnScreen(), dialog.getSize());
			ImageIO.write(robot.createScreenCapture(bounds), "png", new File(screenshot));
		}
		Button ok = all(dialog, Button.class).stream().filter(b -> button.equals(b.getLabel().trim())).findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + button + " button"));
		// on a loaded machine a click can come before the window takes events: click again until the dialog closes
		for (int attempt = 0; attempt < 5 && dialog.isShowing(); attempt++) {
			if (attempt > 0) System.out.println("DialogDriver: the dialog is still open, clicking " + button + " again");
			click(robot, ok);
			for (int wait = 0; wait < 30 && dialog.isShowing(); wait++) Thread.sleep(100);
		}
		if (dialog.isShowing()) {
			// what the screen showed, for the test's report
			java.awt.Dimension screen = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
			File shot = new File(System.getProperty("java.io.tmpdir"), "dialog-driver-" + System.nanoTime() + ".png");
			ImageIO.write(robot.createScreenCapture(new Rectangle(screen)), "png", shot);
			StringBuilder windows = new StringBuilder();
			for (Window w : Window.getWindows())
				if (w.isShowing()) windows.append(w.getClass().getSimpleName()).append(' ').append(w.getBounds()).append("; ");
			System.out.println("DialogDriver could not close the dialog at " + dialog.getBounds() + " (" + button + " at "
				+ ok.getLocationOnScreen() + "); windows: " + windows + "screen: " + shot);
			System.exit(3);
		}
		else System.out.println("DialogDriver pressed " + button);
		reportUnexpectedDialogs(dialog);
	}

	/**
	 * For a minute after OK: any dialog of another title that opens (an error, a question) is printed and closed, so that a test
	 * fails with its text at once instead of waiting for its time-out.
	 */
	private static void reportUnexpectedDialogs(Dialog accepted) throws InterruptedException {
		// a disposed dialog may still say it is showing until the event queue has run: each one is reported once
		Set<Dialog> reported = Collections.newSetFromMap(new IdentityHashMap<>());
		for (int i = 0; i < 600; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof Dialog d && !accepted.getTitle().equals(d.getTitle()) && d.isShowing() && d.isModal()
					&& reported.add(d)) {
					StringBuilder text = new StringBuilder(String.join(" ", messages(d)));
					for (java.awt.TextArea t : all(d, java.awt.TextArea.class))
						text.append(' ').append(t.getText());
					System.out.println("DialogDriver unexpected dialog '" + d.getTitle() + "': " + text.toString().trim()
						+ " [dialog@" + Integer.toHexString(System.identityHashCode(d)) + "]");
					d.dispose();
				}
			Thread.sleep(100);
		}
	}

	private static Dialog await(String title) throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof Dialog d && d.isShowing() && title.equals(d.getTitle())) return d;
			Thread.sleep(100);
		}
		throw new IllegalStateException("no dialog '" + title + "' within 60 s");
	}

	private static void click(Robot robot, Component c) {
		Point p = c.getLocationOnScreen();
		robot.mouseMove(p.x + Math.min(c.getWidth() - 4, 12), p.y + c.getHeight() / 2);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		robot.waitForIdle();
	}

	/** The lines of the dialog's messages: its labels, and ImageJ's multi-line labels (by their lines, read reflectively). */
	private static List<String> messages(Container dialog) {
		List<String> lines = new ArrayList<>();
		for (Component c : all(dialog, Component.class))
			if (c instanceof Label l) lines.add(l.getText());
			else if (c.getClass().getName().equals("ij.gui.MultiLineLabel")) try {
				java.lang.reflect.Field f = c.getClass().getDeclaredField("lines");
				f.setAccessible(true);
				for (String line : (String[]) f.get(c))
					if (line != null) lines.add(line);
			}
			catch (ReflectiveOperationException | RuntimeException e) {
				lines.add("(unreadable " + c.getClass().getSimpleName() + ": " + e + ")");
			}
		return lines;
	}

	/** Types letters (upper-case ones with Shift), digits, '-', '/', '.', ',' and '_'. */
	private static void type(Robot robot, String text) {
		for (char ch : text.toCharArray()) {
			if (ch == '_') press(robot, KeyEvent.VK_MINUS, true);
			else if (Character.isUpperCase(ch)) press(robot, KeyEvent.getExtendedKeyCodeForChar(Character.toLowerCase(ch)), true);
			else if (ch == '/') press(robot, KeyEvent.VK_SLASH, false);
			else if (ch == '-') press(robot, KeyEvent.VK_MINUS, false);
			else if (ch == '.') press(robot, KeyEvent.VK_PERIOD, false);
			else if (ch == ',') press(robot, KeyEvent.VK_COMMA, false);
			else press(robot, KeyEvent.getExtendedKeyCodeForChar(ch), false);
		}
	}

	private static void press(Robot robot, int key, boolean shift) {
		if (shift) robot.keyPress(KeyEvent.VK_SHIFT);
		robot.keyPress(key);
		robot.keyRelease(key);
		if (shift) robot.keyRelease(KeyEvent.VK_SHIFT);
	}

	/** The text of the label just before {@code c} in its container (GenericDialog puts each label before its field). */
	private static String labelOf(Component c) {
		Container parent = c.getParent();
		Component[] siblings = parent.getComponents();
		for (int i = 0; i < siblings.length; i++)
			if (siblings[i] == c) {
				for (int j = i - 1; j >= 0; j--)
					if (siblings[j] instanceof Label l) return l.getText().trim();
				return parent.getParent() == null ? "" : labelOf(parent);
			}
		return "";
	}

	private static <T extends Component> List<T> all(Container root, Class<T> type) {
		List<T> found = new ArrayList<>();
		for (Component c : root.getComponents()) {
			if (type.isInstance(c)) found.add(type.cast(c));
			if (c instanceof Container inner) found.addAll(all(inner, type));
		}
		return found;
	}

}
