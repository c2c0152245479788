package io.scangate.verifier.link;

import java.util.List;

/** A link set refused, naming every problem; nothing changed. */
public final class LinkRejectedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<LinkProblem> problems;

    public LinkRejectedException(final List<LinkProblem> problems) {
        super("links refused: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<LinkProblem> problems() {
        return problems;
    }
}
