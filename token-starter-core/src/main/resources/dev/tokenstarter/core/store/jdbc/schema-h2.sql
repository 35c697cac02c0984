-- Tables of token-starter's JDBC store on H2 (token-starter.store.type=jdbc).
-- token-starter runs this script on first use unless token-starter.store.jdbc.initialize-schema=false;
-- applications that manage their schema run it themselves, with their table prefix in place of
-- token_starter_ when they set token-starter.store.jdbc.table-prefix.

-- One row per client and principal: the token, encrypted unless plaintext was allowed.
CREATE TABLE IF NOT EXISTS token_starter_tokens (
	registration_id VARCHAR(200) NOT NULL,
	principal_name VARCHAR(200) NOT NULL,
	token VARBINARY NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (registration_id, principal_name)
);

-- Fleet-wide renewal locks, one row per client while an instance holds its lease.
CREATE TABLE IF NOT EXISTS token_starter_locks (
	name VARCHAR(200) NOT NULL,
	owner VARCHAR(100) NOT NULL,
	expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (name)
);

-- Token requests sent per client in each budget window, counted fleet-wide: registration_id is
-- <client>/<period> (such as memories/PT24H) for a window, <client>/last for the time of the last
-- token request (in window_start) when the client has a minimum interval.
CREATE TABLE IF NOT EXISTS token_starter_budgets (
	registration_id VARCHAR(200) NOT NULL,
	window_start TIMESTAMP WITH TIME ZONE NOT NULL,
	used INTEGER NOT NULL,
	PRIMARY KEY (registration_id, window_start)
);
