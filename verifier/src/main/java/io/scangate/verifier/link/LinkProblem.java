package io.scangate.verifier.link;

/** One reason a link set is refused: the JSON path of the field ({@code links[2].href}, {@code gtin}) and why. */
public record LinkProblem(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
