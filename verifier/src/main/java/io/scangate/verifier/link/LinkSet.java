package io.scangate.verifier.link;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Every link of one anchor, in the order given. {@link #of} validates; the record constructor
 * trusts its input (the journal's replay). An empty set means the anchor has no links (deleting
 * them).
 */
public record LinkSet(Anchor anchor, List<Link> links) {
    /** Most links one anchor may have. */
    public static final int MAX_LINKS = 100;

    public LinkSet {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /**
     * The link set of {@code anchor}, validated: at most {@link #MAX_LINKS}, one default at most,
     * each link well formed, no two with the same link type, languages and href, and a GTIN's
     * links (when there are any) with their default. Throws
     * {@link LinkRejectedException} naming every problem.
     */
    public static LinkSet of(final Anchor anchor, final List<Link> links) {
        final List<LinkProblem> problems = LinkRules.problems(links);
        if (anchor.level() == LinkLevel.GTIN) {
            problems.addAll(LinkRules.gtinProblems(links));
        }
        if (!problems.isEmpty()) {
            throw new LinkRejectedException(problems);
        }
        return new LinkSet(anchor, links);
    }

    /** No links: the anchor's links removed. */
    public static LinkSet empty(final Anchor anchor) {
        return new LinkSet(anchor, List.of());
    }

    @JsonIgnore
    public boolean isEmpty() {
        return links.isEmpty();
    }

    /** The default link, or null if none is marked default. */
    public Link defaultLink() {
        for (final Link l : links) {
            if (l.isDefault()) {
                return l;
            }
        }
        return null;
    }
}
