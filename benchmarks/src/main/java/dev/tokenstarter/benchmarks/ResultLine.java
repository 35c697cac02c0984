package dev.tokenstarter.benchmarks;

import java.util.Locale;

import org.springframework.util.Assert;

/**
 * One result as one line, {@code name key=value key=value ...}, for scripts to parse: values never hold
 * spaces, decimals use a dot.
 *
 * @author token-starter
 */
final class ResultLine {

	private final StringBuilder line;

	private ResultLine(String name) {
		this.line = new StringBuilder(name);
	}

	static ResultLine of(String name) {
		return new ResultLine(name);
	}

	ResultLine with(String key, Object value) {
		String text = String.valueOf(value);
		Assert.isTrue(!text.isEmpty() && text.indexOf(' ') < 0, () -> "value of " + key + " must be one word");
		this.line.append(' ').append(key).append('=').append(text);
		return this;
	}

	ResultLine with(String key, double value, int decimals) {
		return with(key, Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%." + decimals + "f", value));
	}

	@Override
	public String toString() {
		return this.line.toString();
	}

}
