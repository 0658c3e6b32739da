package io.hoopgw.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyRule;
import io.hoopgw.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy file on disk, changed the ways operators and orchestrators change files, and the source keeping up. */
class ReloadingPolicySourceTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    /** Generous: a loaded CI machine may starve the poller for a while; passing runs take a few ticks. */
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private ReloadingPolicySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private static String policy(String ruleName, String readClasses) {
        return """
                rules:
                  - name: %s
                    groups: [analysts]
                    targets: ["*"]
                    allow: {classes: [%s]}
                """.formatted(ruleName, readClasses);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private String ruleName() {
        return source.current().policy().rules().get(0).name();
    }

    private boolean allows(String sql) {
        return source.current().decide(Set.of("analysts"), "orders", sql, true).allowed();
    }

    private Path start(String content) throws Exception {
        return start(content, INTERVAL);
    }

    private Path start(String content, Duration interval) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, content);
        source = ReloadingPolicySource.start(file, interval);
        return file;
    }

    /** Waits until the rejection is {@code expected} (the poller may first catch the file half written). */
    private void awaitRejection(java.util.function.Predicate<String> expected) throws InterruptedException {
        await("the rejection", () -> source.rejection().filter(expected).isPresent());
    }

    @Test
    void startsWithTheFilesPolicy() throws Exception {
        start(policy("v1", "read"));

        assertThat(ruleName()).isEqualTo("v1");
        assertThat(allows("SELECT 1")).isTrue();
        assertThat(allows("DELETE FROM t WHERE id = 1")).isFalse();
        assertThat(source.rejection()).isEmpty();
    }

    @Test
    void anEditInPlaceIsPickedUp() throws Exception {
        Path file = start(policy("v1", "read"));

        Files.writeString(file, policy("v2", "read, write"));

        await("the edited policy", () -> ruleName().equals("v2"));
        assertThat(allows("DELETE FROM t WHERE id = 1")).isTrue();
    }

    @Test
    void aFileRenamedOverTheOldOneIsPickedUp() throws Exception {
        Path file = start(policy("v1", "read"));
        Path next = dir.resolve(".policy.yaml.tmp");
        Files.writeString(next, policy("v2", "read, write"));

        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await("the renamed policy", () -> ruleName().equals("v2"));
    }

    @Test
    void aSymbolicLinkSwitchedToAnotherFileIsPickedUp() throws Exception {
        // How Kubernetes updates a mounted ConfigMap: the name is a link, re-pointed by renaming a new link over it.
        Path v1 = Files.writeString(dir.resolve("v1.yaml"), policy("v1", "read"));
        Path v2 = Files.writeString(dir.resolve("v2.yaml"), policy("v2", "read, write"));
        Path link = Files.createSymbolicLink(dir.resolve("policy.yaml"), v1);
        source = ReloadingPolicySource.start(link, INTERVAL);
        Path newLink = Files.createSymbolicLink(dir.resolve("policy.yaml.new"), v2);

        Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await("the policy the link points to now", () -> ruleName().equals("v2"));
    }

    @Test
    void anInvalidFileIsRejectedAndTheOldPolicyStaysUntilAValidOneReturns() throws Exception {
        Path file = start(policy("v1", "read"));
        PolicyEngine before = source.current();

        Files.writeString(file, policy("v2", "read, wirte"));

        awaitRejection(rejection -> rejection.equals("rules[0].allow.classes[1]: unknown statement class 'wirte' "
                + "(one of read, write, ddl, privilege, admin, session, transaction, unknown)"));
        assertThat(source.current()).isSameAs(before);
        assertThat(source.checkNow()).as("the same invalid content is not judged again").isFalse();

        Files.writeString(file, policy("v3", "read, write"));

        await("the repaired policy", () -> ruleName().equals("v3"));
        assertThat(source.rejection()).isEmpty();
    }

    @Test
    void brokenYamlIsRejectedWithItsPosition() throws Exception {
        Path file = start(policy("v1", "read"));

        Files.writeString(file, "rules:\n  - name: a\n   groups: [x]\n");

        awaitRejection(rejection -> rejection.startsWith("invalid YAML: line 3, column 4: "));
        assertThat(ruleName()).isEqualTo("v1");
    }

    @Test
    void aMissingFileKeepsThePolicyUntilTheFileIsBack() throws Exception {
        Path file = start(policy("v1", "read"));
        PolicyEngine before = source.current();

        Files.delete(file);

        awaitRejection(rejection -> rejection.equals("file not found"));
        assertThat(source.current()).isSameAs(before);

        Files.writeString(file, policy("v2", "read"));

        await("the restored file", () -> ruleName().equals("v2"));
        assertThat(source.rejection()).isEmpty();
    }

    @Test
    void anUnchangedFileKeepsTheEngineAndItsCache() throws Exception {
        // Checked by hand only, so that no tick sees the file half rewritten.
        Path file = start(policy("v1", "read"), Duration.ofHours(1));
        PolicyEngine before = source.current();
        before.decide(Set.of("analysts"), "orders", "SELECT 1", true);

        Files.writeString(file, policy("v1", "read"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));

        assertThat(source.checkNow()).isFalse();
        assertThat(source.current()).isSameAs(before);
        assertThat(before.cachedDecisions()).isEqualTo(1);
    }

    @Test
    void anInvalidFileAtStartIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), "rules: {}\n");

        ConfigException e = assertThrows(ConfigException.class,
                () -> ReloadingPolicySource.start(file, INTERVAL));

        assertThat(e.getMessage()).isEqualTo(file + ": rules: must be a list");
        assertThrows(ConfigException.class, () -> ReloadingPolicySource.start(dir.resolve("none.yaml"), INTERVAL));
    }

    @Test
    void aClosedSourceStopsWatchingAndKeepsItsPolicy() throws Exception {
        Path file = start(policy("v1", "read"));
        source.close();

        Files.writeString(file, policy("v2", "read, write"));
        Thread.sleep(INTERVAL.toMillis() * 6);

        assertThat(ruleName()).isEqualTo("v1");
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("hoopgw-policy-reload");
        assertThat(source.current().policy().rules()).extracting(PolicyRule::name).containsExactly("v1");
    }
}
