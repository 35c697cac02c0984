package dev.tokenstarter.core.test;

/**
 * The PostgreSQL server that tests and the fleet benchmark use: the one the environment names
 * ({@code TOKEN_STARTER_TEST_POSTGRES_URL}, user {@code TOKEN_STARTER_TEST_POSTGRES_USER} or
 * {@code postgres}, no password), else the {@link EmbeddedPostgres} of this JVM.
 *
 * @param url the JDBC URL of a database the tests may create tables and schemas in
 * @param user the user, who needs no password
 * @param embedded whether the server is the embedded one
 * @author token-starter
 */
public record TestPostgres(String url, String user, boolean embedded) {

	/**
	 * Return the server, starting the embedded one when the environment names none.
	 * @return the server
	 */
	public static TestPostgres get() {
		String url = System.getenv("TOKEN_STARTER_TEST_POSTGRES_URL");
		if (url != null && !url.isBlank()) {
			String user = System.getenv("TOKEN_STARTER_TEST_POSTGRES_USER");
			return new TestPostgres(url.trim(), (user != null && !user.isBlank()) ? user.trim() : "postgres", false);
		}
		EmbeddedPostgres server = EmbeddedPostgres.shared();
		return new TestPostgres(server.jdbcUrl(), server.user(), true);
	}

}
