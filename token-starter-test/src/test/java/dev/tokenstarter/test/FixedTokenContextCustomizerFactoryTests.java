package dev.tokenstarter.test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.ContextCustomizer;

import dev.tokenstarter.test.FixedTokenContextCustomizer.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FixedTokenContextCustomizerFactory}.
 */
class FixedTokenContextCustomizerFactoryTests {

	private final FixedTokenContextCustomizerFactory factory = new FixedTokenContextCustomizerFactory();

	@Test
	void createWhenNoFixedTokenThenNoCustomizer() {
		assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
	}

	@Test
	void createWhenFixedTokensThenOneTokenPerClient() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(TwoClients.class, List.of());
		assertThat(customizer).isInstanceOf(FixedTokenContextCustomizer.class);
		assertThat(((FixedTokenContextCustomizer) customizer).getTokens()).containsExactlyInAnyOrderEntriesOf(
				Map.of("mention-me", new Token("test-token", Set.of()), "agt", new Token("agt-token", Set.of("edit"))));
	}

	@Test
	void createWhenSameTokensOnAnotherClassThenEqualCustomizersSoTheContextIsShared() {
		ContextCustomizer first = this.factory.createContextCustomizer(TwoClients.class, List.of());
		ContextCustomizer second = this.factory.createContextCustomizer(SubclassOfTwoClients.class, List.of());
		ContextCustomizer other = this.factory.createContextCustomizer(OtherToken.class, List.of());
		assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(other);
	}

	@Test
	void createWhenNestedTestClassThenEnclosingClassTokensApply() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(TwoClients.Inner.class, List.of());
		assertThat(((FixedTokenContextCustomizer) customizer).getTokens()).containsOnlyKeys("mention-me", "agt");
	}

	@Test
	void createWhenClientFixedTwiceWithDifferentTokensThenFailsNamingClient() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createContextCustomizer(Contradicting.class, List.of()))
			.withMessageContaining("client 'agt' twice")
			.withMessageNotContaining("first-token");
	}

	@Test
	void toStringWhenTokensFixedThenClientsButNoTokenValues() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(TwoClients.class, List.of());
		assertThat(customizer.toString()).contains("mention-me").doesNotContain("agt-token");
		assertThat(new Token("agt-token", Set.of()).toString()).doesNotContain("agt-token");
	}

	static class Plain {

	}

	@FixedToken(client = "mention-me")
	@FixedToken(client = "agt", value = "agt-token", scopes = "edit")
	static class TwoClients {

		class Inner {

		}

	}

	static class SubclassOfTwoClients extends TwoClients {

	}

	@FixedToken(client = "mention-me", value = "other")
	static class OtherToken {

	}

	@FixedToken(client = "agt", value = "first-token")
	@FixedToken(client = "agt", value = "second-token")
	static class Contradicting {

	}

}
