package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.scangate.verifier.verdict.Alert;

/** The channel part of a consumer scan's JSON answer, written without allocating. */
final class ChannelJson {
    private static final byte[] CHANNEL = ascii(",\"channel\":{");
    private static final byte[] QUOTE_COLON = ascii("\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] DIVERSION = ascii(",\"diversion\":{\"actor\":");
    private static final byte[] DIVERSION_ROLE = ascii(",\"role\":");
    private static final byte[] DIVERSION_TERRITORY = ascii(",\"territory\":");

    private ChannelJson() {
    }

    /**
     * Where a unit the channel placed stands ({@code "channel"}), and for a DIVERTED scan the actor
     * whose territory it left ({@code "diversion"}); nothing for a unit no role scan touched.
     */
    static void write(final ByteBuf out, final PendingReply r) {
        if (r.holder == null && r.installer == null) {
            return;
        }
        out.writeBytes(CHANNEL);
        writeActor(out, "holder", r.holder, false);
        writeActor(out, "distributor", r.distributor, true);
        writeActor(out, "store", r.store, true);
        if (r.installer != null) {
            writeActor(out, "installedBy", r.installer, true);
            writeActor(out, "installStore", r.installStore, true);
        }
        out.writeByte('}');
        if (Alert.DIVERTED.in(r.alerts) && r.holder != null) {
            out.writeBytes(DIVERSION);
            Responses.writeJsonString(out, r.holder.id());
            out.writeBytes(DIVERSION_ROLE);
            Responses.writeJsonString(out, r.holder.role().name());
            out.writeBytes(DIVERSION_TERRITORY);
            Responses.writeJsonString(out, r.holder.region());
            out.writeByte('}');
        }
    }

    private static void writeActor(final ByteBuf out, final String name, final io.scangate.verifier.channel.Actor a, final boolean comma) {
        if (comma) {
            out.writeByte(',');
        }
        out.writeByte('"');
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeBytes(QUOTE_COLON);
        if (a == null) {
            out.writeBytes(NULL);
        } else {
            Responses.writeJsonString(out, a.id());
        }
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
