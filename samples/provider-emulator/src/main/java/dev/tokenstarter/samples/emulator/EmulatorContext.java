package dev.tokenstarter.samples.emulator;

import java.time.Instant;

/**
 * State shared by the emulated providers of one {@link ProviderEmulator}.
 */
final class EmulatorContext {

	private final EmulatorSettings settings;

	private final TokenFactory tokenFactory = new TokenFactory();

	private final TokenRegistry tokens = new TokenRegistry();

	private final DailyQuota dailyQuota = new DailyQuota();

	private final LoginThrottle loginThrottle;

	private final CallbackSender callbacks = new CallbackSender();

	EmulatorContext(EmulatorSettings settings) {
		this.settings = settings;
		this.loginThrottle = new LoginThrottle(settings.loginsBeforeSuspension());
	}

	Instant now() {
		return this.settings.clock().instant();
	}

	EmulatorSettings settings() {
		return this.settings;
	}

	TokenFactory tokenFactory() {
		return this.tokenFactory;
	}

	TokenRegistry tokens() {
		return this.tokens;
	}

	DailyQuota dailyQuota() {
		return this.dailyQuota;
	}

	LoginThrottle loginThrottle() {
		return this.loginThrottle;
	}

	CallbackSender callbacks() {
		return this.callbacks;
	}

	void reset() {
		this.tokens.clear();
		this.dailyQuota.clear();
		this.loginThrottle.clear();
		this.callbacks.reset();
	}

}
