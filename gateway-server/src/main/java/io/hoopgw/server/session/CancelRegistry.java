package io.hoopgw.server.session;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's own BackendKeyData: each session gets a process id and secret of the gateway's making, so a client
 * never learns the upstream's, and a CancelRequest can be routed to the right upstream session.
 *
 * @param <T> what a key stands for (the upstream session to cancel)
 */
public final class CancelRegistry<T> {
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Entry<T>> entries = new ConcurrentHashMap<>();

    /** A registered key and what it cancels. */
    public record Key(int processId, byte[] secret) {
    }

    private record Entry<T>(byte[] secret, T target) {
    }

    /** Issues a fresh key for {@code target}; {@link #remove} it when the session ends. */
    public Key register(T target) {
        byte[] secret = new byte[4];
        while (true) {
            int processId = random.nextInt(Integer.MAX_VALUE - 1) + 1;
            random.nextBytes(secret);
            if (entries.putIfAbsent(processId, new Entry<>(secret.clone(), target)) == null) {
                return new Key(processId, secret.clone());
            }
        }
    }

    /** Finds what a CancelRequest's key stands for; the secret is compared in constant time. */
    public Optional<T> lookup(int processId, byte[] secret) {
        Entry<T> entry = entries.get(processId);
        if (entry == null || !MessageDigest.isEqual(entry.secret(), secret)) {
            return Optional.empty();
        }
        return Optional.of(entry.target());
    }

    /** Forgets a key. */
    public void remove(Key key) {
        entries.remove(key.processId());
    }

    /** How many keys are registered (the live sessions). */
    public int size() {
        return entries.size();
    }
}
