package io.hoopgw.core.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hoopgw.core.policy.StatementJudge.Verdict;
import io.hoopgw.core.sql.Classification;
import io.hoopgw.core.sql.StatementClassifier;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether statements may reach the database, for an identity's groups on a target. Explicit deny beats
 * allow; no matching allow means deny; every decision names its rule.
 *
 * <p>Decisions for whole simple-Query strings are cached (Caffeine) by text, {@code standard_conforming_strings},
 * target and group set, so a repeated statement costs a hash look-up. Thread-safe; an engine is bound to one
 * {@link Policy}, so a reloaded policy gets a new engine (and with it an empty cache).
 */
public final class PolicyEngine {
    /** The default number of cached decisions. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private final Policy policy;
    private final StatementClassifier classifier;
    private final StatementJudge judge;
    private final Cache<CacheKey, Decision> cache;

    /** An engine for {@code policy} with {@value #DEFAULT_CACHE_SIZE} cached decisions. */
    public PolicyEngine(Policy policy) {
        this(policy, DEFAULT_CACHE_SIZE);
    }

    /**
     * @param cacheSize the most decisions kept; 0 disables caching
     */
    public PolicyEngine(Policy policy, long cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must not be negative");
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.classifier = new StatementClassifier();
        this.judge = new StatementJudge(policy);
        // Maintenance on the calling thread: gateway-core starts no threads and borrows none from the common pool.
        this.cache = cacheSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
    }

    /** The policy this engine enforces. */
    public Policy policy() {
        return policy;
    }

    /**
     * Decides a simple Query's whole SQL string: splits it as PostgreSQL does, classifies each statement, and
     * allows it only when every statement is allowed. Cached.
     *
     * @param groups                    the identity's gateway groups
     * @param target                    the target's name
     * @param sql                       the Query's string
     * @param standardConformingStrings the session's current {@code standard_conforming_strings}
     */
    public Decision decide(Set<String> groups, String target, String sql, boolean standardConformingStrings) {
        if (cache == null) {
            return decide(groups, target, classifier.classifyAll(sql, standardConformingStrings));
        }
        CacheKey key = new CacheKey(sql, standardConformingStrings, target, Set.copyOf(groups));
        return cache.get(key, k -> decide(groups, target, classifier.classifyAll(sql, standardConformingStrings)));
    }

    /**
     * Decides already classified statements that arrived together (one simple Query). Not cached.
     *
     * @return the first denial, or an allow naming the rule that allowed the first statement
     */
    public Decision decide(Set<String> groups, String target, List<Classification> statements) {
        String groupList = new TreeSet<>(groups).toString();
        int limit = policy.guardrails().maxStatementsPerQuery();
        if (statements.size() > limit) {
            return new Decision(false, "guardrail:max-statements-per-query", "hoopgw: policy denies more than "
                    + limit + " statements in one query for groups " + groupList
                    + " (rule: guardrail:max-statements-per-query)", statements);
        }
        List<PolicyRule> applicable = applicableRules(groups, target);
        Verdict first = null;
        for (Classification statement : statements) {
            Verdict verdict = judge.judge(groups, applicable, statement);
            if (!verdict.allowed()) {
                return new Decision(false, verdict.rule(), verdict.message(), statements);
            }
            if (first == null) {
                first = verdict;
            }
        }
        if (first == null) {
            return new Decision(true, applicable.isEmpty() ? Decision.NO_RULE : applicable.get(0).name(),
                    "hoopgw: policy allows an empty query for groups " + groupList, statements);
        }
        return new Decision(true, first.rule(), first.message(), statements);
    }

    /** Decides one classified statement (a Parse, a Bind of a remembered statement). Not cached. */
    public Decision decide(Set<String> groups, String target, Classification statement) {
        return decide(groups, target, List.of(statement));
    }

    /**
     * Whether the identity is read-only on the target: its upstream session must be opened with
     * {@code default_transaction_read_only = on}.
     */
    public boolean readOnly(Set<String> groups, String target) {
        return applicableRules(groups, target).stream().anyMatch(PolicyRule::readOnly);
    }

    /** The rules that apply to these groups on this target, in configuration order. */
    public List<PolicyRule> applicableRules(Set<String> groups, String target) {
        return policy.rules().stream().filter(rule -> rule.appliesTo(groups, target)).toList();
    }

    /** How many decisions the cache holds now (approximately; for tests and metrics). */
    public long cachedDecisions() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private record CacheKey(String sql, boolean standardConformingStrings, String target, Set<String> groups) {
    }
}
