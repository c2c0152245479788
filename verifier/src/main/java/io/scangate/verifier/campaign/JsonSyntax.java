package io.scangate.verifier.campaign;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Where a JSON file breaks, for messages an operator can act on: "at line 3, column 1". */
public final class JsonSyntax {
    private JsonSyntax() {
    }

    /** " at line L, column C" of a JSON syntax error, or nothing when Jackson does not know. */
    public static String where(final JsonProcessingException e) {
        final JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
