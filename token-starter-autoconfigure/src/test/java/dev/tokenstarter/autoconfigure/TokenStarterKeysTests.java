package dev.tokenstarter.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import dev.tokenstarter.autoconfigure.TokenStarterMetadata.Property;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenStarterKeys}: it knows every key of the generated configuration metadata, so that
 * a property group added to {@link TokenStarterProperties} is known without a change; and it suggests
 * the closest key in the unknown key's own terms.
 */
class TokenStarterKeysTests {

	private final TokenStarterKeys keys = TokenStarterKeys.of();

	@Test
	void isKnownWhenKeyOfTheConfigurationMetadataThenTrue() throws Exception {
		List<String> unknown = new ArrayList<>();
		Collection<Property> properties = TokenStarterMetadata.load().properties().values();
		for (Property property : properties) {
			boolean group = properties.stream().anyMatch((other) -> other.name().startsWith(property.name() + "."));
			if (group) {
				continue;
			}
			String name = property.name().replace("*", "demo-api");
			if (property.type().startsWith("java.util.Map")) {
				name = name + ".Some-Entry";
			}
			boolean listOfGroups = property.type().startsWith("java.util.List") && this.keys.isGroup(elements(name));
			if (!this.keys.isKnown(elements(name)) && !listOfGroups) {
				unknown.add(property.name());
			}
		}
		assertThat(unknown).isEmpty();
	}

	@Test
	void isKnownWhenMisspelledOrBelowAValueThenFalse() {
		assertThat(this.keys.isKnown(elements("token-starter.clients.demo-api.tokn.uri"))).isFalse();
		assertThat(this.keys.isKnown(elements("token-starter.clients.demo-api.token.uri.value"))).isFalse();
		assertThat(this.keys.isKnown(elements("token-starter.clients.demo-api.token.body"))).isFalse();
	}

	@Test
	void closestWhenOneTypoThenKeyWithTheClientIdAndIndexesGiven() {
		assertThat(this.keys.closest(elements("token-starter.clients.demo-api.client-secrett")))
			.isEqualTo("clients.demo-api.client-secret");
		assertThat(this.keys.closest(elements("token-starter.clients.x.lifecycle.budget.windows[2].perod")))
			.isEqualTo("clients.x.lifecycle.budget.windows[2].period");
		assertThat(this.keys.closest(elements("token-starter.clients.x.token.bdy.grant_type")))
			.isEqualTo("clients.x.token.body.grant_type");
	}

	@Test
	void closestWhenNothingCloseThenNull() {
		assertThat(this.keys.closest(elements("token-starter.clients.demo-api.favourite-colour"))).isNull();
	}

	@Test
	void ofWhenPropertiesHaveAnotherGroupThenItsKeysAreKnown() {
		TokenStarterKeys other = TokenStarterKeys.of(ExtraProperties.class);
		assertThat(other.isKnown(elements("token-starter.signing.key-id"))).isTrue();
		assertThat(other.isKnown(elements("token-starter.signing.claims.aud"))).isTrue();
		assertThat(other.closest(elements("token-starter.signing.keyid"))).isEqualTo("signing.key-id");
	}

	private static List<String> elements(String name) {
		return TokenStarterKeys.elements(ConfigurationPropertyName.adapt(name, '.'));
	}

	public static class ExtraProperties {

		private final Signing signing = new Signing();

		public Signing getSigning() {
			return this.signing;
		}

		public static class Signing {

			private String keyId = "";

			private final java.util.Map<String, String> claims = new java.util.LinkedHashMap<>();

			public String getKeyId() {
				return this.keyId;
			}

			public void setKeyId(String keyId) {
				this.keyId = keyId;
			}

			public java.util.Map<String, String> getClaims() {
				return this.claims;
			}

		}

	}

}
