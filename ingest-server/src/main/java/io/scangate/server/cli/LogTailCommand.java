package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options and the run of every {@code ... tail} command (rewards, diversions, lifecycle
 * events, audit): a durable log read from an offset as JSON lines, at least once, by
 * {@link LogTail}. A subclass names the route, the answer's list and the entries' id field.
 */
abstract class LogTailCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    AdminOptions admin;
    @Option(names = "--from", paramLabel = "ID", defaultValue = "1", description = "First id to print (default: ${DEFAULT-VALUE}).")
    long from;
    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new entries (long-poll) until interrupted.")
    boolean follow;

    private final String path;
    private final String member;
    private final String idField;

    LogTailCommand(final String path, final String member, final String idField) {
        this.path = path;
        this.member = member;
        this.idField = idField;
    }

    @Override
    public final Integer call() {
        return LogTail.run(spec.commandLine(), admin, path, member, idField, from, follow);
    }
}
