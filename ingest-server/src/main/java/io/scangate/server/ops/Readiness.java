package io.scangate.server.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Named readiness checks; ready when every check passes. {@code /health/ready} answers 200 or
 * 503 with each check's result, so an operator sees why an instance is out of rotation.
 *
 * <p>Concurrency: immutable; checks are evaluated on the caller's thread and must be thread-safe.
 */
public final class Readiness implements BooleanSupplier {
    private final Map<String, BooleanSupplier> checks;

    private Readiness(final Map<String, BooleanSupplier> checks) {
        this.checks = checks;
    }

    /** Starts a list of checks, evaluated in the order added. */
    public static Builder builder() {
        return new Builder();
    }

    /** Each check's current result, in order. */
    public Map<String, Boolean> results() {
        final Map<String, Boolean> m = new LinkedHashMap<>();
        checks.forEach((name, check) -> m.put(name, check.getAsBoolean()));
        return m;
    }

    @Override
    public boolean getAsBoolean() {
        for (final BooleanSupplier c : checks.values()) {
            if (!c.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** Collects named checks. */
    public static final class Builder {
        private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

        public Builder check(final String name, final BooleanSupplier check) {
            checks.put(name, check);
            return this;
        }

        public Readiness build() {
            return new Readiness(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks)));
        }
    }
}
