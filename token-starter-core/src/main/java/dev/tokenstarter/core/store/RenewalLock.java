package dev.tokenstarter.core.store;

import java.time.Duration;

/**
 * A lock shared by the instances of a fleet, so that one of them fetches a client's token while the
 * others wait and then read it from the shared store. Locks are leases: a holder that dies stops
 * blocking the others once its lease runs out. Implementations must release only a lock that the
 * given owner still holds.
 *
 * @author token-starter
 */
public interface RenewalLock {

	/**
	 * Take the lock of a client if it is free or its lease has run out.
	 * @param registrationId the client
	 * @param owner a value unique to this attempt
	 * @param lease how long the lock is held unless released
	 * @return whether the lock was taken
	 */
	boolean tryAcquire(String registrationId, String owner, Duration lease);

	/**
	 * Release the lock of a client if the owner still holds it.
	 * @param registrationId the client
	 * @param owner the value given to {@link #tryAcquire}
	 */
	void release(String registrationId, String owner);

}
