package io.hoopgw.server.policy;

import io.hoopgw.core.policy.Policy;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.server.config.ConfigException;
import io.hoopgw.server.config.PolicyFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in a file of its own, re-read when the file changes. A changed file that is valid replaces the engine
 * in force (each statement is decided by the engine current when it arrives); an invalid, unreadable or missing
 * file is logged with the file and the reason, and the policy in force stays.
 *
 * <p>The file is polled from a thread of its own (never an event loop), by content rather than by modification
 * time or file-system events: that sees an edit in place, a new file renamed over the old one, a symbolic link
 * switched to another file (as Kubernetes updates mounted ConfigMaps) and edits within one timestamp tick alike,
 * for the price of reading a small file every {@link #DEFAULT_INTERVAL}.
 */
public final class ReloadingPolicySource implements PolicySource, AutoCloseable {
    /** How often the file is checked unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ReloadingPolicySource.class);

    private final Path file;
    private final ScheduledExecutorService poller;
    private volatile PolicyEngine current;
    private volatile String rejection;
    /** The digest of the content last looked at, accepted or not; guarded by {@code this}. */
    private byte[] seen;

    private ReloadingPolicySource(Path file, byte[] content, Policy policy, Duration interval) {
        this.file = file;
        this.seen = digest(content);
        this.current = new PolicyEngine(policy);
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoopgw-policy-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        poller.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads the policy file and starts watching it.
     *
     * @param file     the policy file (see {@link PolicyFile} for its format)
     * @param interval how often to check it for changes
     * @throws ConfigException when the file cannot be read or is not a valid policy now
     */
    public static ReloadingPolicySource start(Path file, Duration interval) throws ConfigException {
        Objects.requireNonNull(file, "file");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        byte[] content = PolicyFile.content(file);
        Policy policy = PolicyFile.parse(content, file.toString());
        log.info("policy loaded from {}: {}; checked for changes every {} ms", file, rules(policy),
                interval.toMillis());
        return new ReloadingPolicySource(file, content, policy, interval);
    }

    @Override
    public PolicyEngine current() {
        return current;
    }

    /** The file watched. */
    public Path file() {
        return file;
    }

    /**
     * Why the file as it is now is not the policy in force (it is invalid, unreadable or missing); empty when the
     * file's content is in force.
     */
    public Optional<String> rejection() {
        return Optional.ofNullable(rejection);
    }

    /**
     * Checks the file now rather than at the next tick.
     *
     * @return true when a new policy was put in force
     */
    public synchronized boolean checkNow() {
        byte[] content;
        try {
            content = PolicyFile.content(file);
        } catch (ConfigException e) {
            reject(null, e);
            return false;
        }
        byte[] digest = digest(content);
        if (Arrays.equals(digest, seen)) {
            return false;
        }
        seen = digest;
        try {
            Policy policy = PolicyFile.parse(content, file.toString());
            current = new PolicyEngine(policy);
            rejection = null;
            log.info("policy reloaded from {}: {}", file, rules(policy));
            return true;
        } catch (ConfigException e) {
            reject(digest, e);
            return false;
        }
    }

    /**
     * Records and logs why the file is not in force; logged once per problem, not at every check. A file that
     * cannot be read is looked at again in full once it can: {@code digest} is null then, and the last content seen
     * is forgotten so that the same content coming back is judged afresh.
     */
    private void reject(byte[] digest, ConfigException e) {
        String reason = e.problems().stream()
                .map(problem -> problem.key().isEmpty() ? problem.reason() : problem.key() + ": " + problem.reason())
                .collect(Collectors.joining("; "));
        if (digest == null) {
            seen = null;
        }
        if (!reason.equals(rejection)) {
            rejection = reason;
            log.warn("policy file {} rejected, the policy in force stays: {}", file, reason);
        }
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep watching.
            log.error("checking policy file {} failed unexpectedly; the policy in force stays", file, e);
        }
    }

    private static String rules(Policy policy) {
        int count = policy.rules().size();
        return count == 1 ? "1 rule" : count + " rules";
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Stops watching; the policy in force stays available. */
    @Override
    public void close() {
        poller.shutdownNow();
    }
}
