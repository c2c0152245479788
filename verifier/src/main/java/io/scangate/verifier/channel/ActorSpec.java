package io.scangate.verifier.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A validated request for a new actor; {@link #of} names every bad field at once. */
public record ActorSpec(String id, Role role, String name, String region, String parent) {
    /** Starts with a letter or digit, so that no id is a path's dot-segment ({@code .}, {@code ..}). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,128}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    /** Validates and normalises the raw fields (region upper-cased, name defaulting to the id); throws {@link IllegalArgumentException}. */
    public static ActorSpec of(final String id, final String role, final String name, final String region, final String parent) {
        final List<String> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("'id' must be 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        final Role r = role == null ? null : Role.named(role.toUpperCase(Locale.ROOT));
        if (r == null) {
            problems.add("'role' must be one of DISTRIBUTOR, STORE, INSTALLER, GUIDE");
        }
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add("'name' must be 1 to 128 characters without control characters");
        }
        final String upper = region == null ? null : region.toUpperCase(Locale.ROOT);
        if (upper == null || !REGION.matcher(upper).matches()) {
            problems.add("'region' must be an ISO 3166-1 alpha-2 or ISO 3166-2 code such as CN or CN-31 (the actor's territory)");
        }
        if (parent != null && !ID.matcher(parent).matches()) {
            problems.add("'parent' must be an actor id (1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit)");
        }
        if (parent != null && parent.equals(id)) {
            problems.add("'parent' must be another actor");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ActorSpec(id, r, name == null ? id : name, upper, parent);
    }
}
