package io.scangate.server.cli;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;

/**
 * Reads an event log of the admin API from an id on (the reward log, the diversion log: dense ids,
 * {@code ?after=&limit=&wait=} pages) and prints each entry as a JSON line; with {@code follow}
 * it keeps long-polling. One loop for every log, so they page alike.
 */
final class LogTail {
    static final int PAGE = 1000;

    private LogTail() {
    }

    /**
     * Prints the entries of {@code path}'s log ({@code member} the page's array, {@code idField} each
     * entry's id) from id {@code from} on; the exit code.
     */
    static int run(final CommandLine cl, final AdminOptions admin, final String path, final String member, final String idField,
                   final long from, final boolean follow) {
        return run(cl, admin, path, member, idField, from, follow, admin::print);
    }

    /** As {@link #run(CommandLine, AdminOptions, String, String, String, long, boolean)}, each entry given to {@code each}. */
    static int run(final CommandLine cl, final AdminOptions admin, final String path, final String member, final String idField,
                   final long from, final boolean follow, final java.util.function.Consumer<JsonNode> each) {
        if (from < 1) {
            throw new CommandLine.ParameterException(cl, "--from must be a " + idField + " of 1 or more, was " + from);
        }
        return admin.execute(client -> {
            long after = from - 1;
            while (true) {
                final JsonNode page = client.get(path + "?after=" + after + "&limit=" + PAGE + (follow ? "&wait=30s" : ""));
                for (final JsonNode r : page.path(member)) {
                    each.accept(r);
                    after = r.path(idField).asLong();
                }
                if (!follow && page.path(member).size() < PAGE) {
                    return 0;
                }
            }
        });
    }
}
