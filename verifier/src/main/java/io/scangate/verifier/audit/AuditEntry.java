package io.scangate.verifier.audit;

/**
 * One admin action: who (the name of the admin token that made it), when, and what (the method,
 * the route as the API names it, the path with its query, the answer's status, and the request
 * body's length and SHA-256 prefix, so a file can be matched without the log holding secrets
 * such as a campaign seed). Immutable.
 *
 * @param auditId dense from 1, the log's offset
 */
public record AuditEntry(long auditId, long atMillis, String actor, String method, String route, String path, int status,
                         int bodyBytes, String bodySha256) {
    /** This entry at {@code millis} (a draft timed when its change is applied). */
    public AuditEntry at(final long millis) {
        return new AuditEntry(auditId, millis, actor, method, route, path, status, bodyBytes, bodySha256);
    }

    /** This entry with its id. */
    public AuditEntry withId(final long id) {
        return new AuditEntry(id, atMillis, actor, method, route, path, status, bodyBytes, bodySha256);
    }
}
