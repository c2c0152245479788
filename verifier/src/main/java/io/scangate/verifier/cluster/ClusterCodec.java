package io.scangate.verifier.cluster;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.scangate.verifier.campaign.CampaignRecords;
import io.scangate.verifier.consumer.Stage;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * The messages between a node's front end and the cluster, little-endian:
 *
 * <pre>
 *  every message:  kind i32 | correlation i64
 *  SCAN:           codeId i64 | tag i64 | deviceHash i64 | consumerHash i64 | region i64 | gtin i64 | requestKey i64
 *                  | location i32 | device length i32 + bytes | consumer length i32 + bytes
 *  ADMIN:          operation i32 | JSON length i32 + bytes | audit entry JSON length i32 + bytes (0: not audited)
 *  SCAN_ANSWER:    status i32 | verdict i32 (-1 none) | firstScan i32 | scanCount i32 | firstScanAt i64 | firstRegion i64
 *                  | batchId i64 | alerts i32 | rewardId i64 | rewardAmount i64 | purchases i32 | stage i32 (-1 none)
 *                  | reward JSON length i32 + bytes (0: none)
 *  ADMIN_ANSWER:   ok i32 | JSON or error text length i32 + bytes
 * </pre>
 *
 * Only what the verifier reads travels in (the tag was checked on the receiving node's event loop);
 * what the answer needs travels out, the batch by id (every node's replica holds the batches).
 *
 * <p>Concurrency: stateless.
 */
public final class ClusterCodec {
    public static final int SCAN = 1;
    public static final int ADMIN = 2;
    public static final int SCAN_ANSWER = 3;
    public static final int ADMIN_ANSWER = 4;

    /** Admin operations carried in the log. */
    public static final int OP_CREATE_BATCH = 1;
    public static final int OP_APPLY_CAMPAIGN = 2;

    static final int KIND = 0;
    static final int CORRELATION = 4;
    static final int BODY = 12;
    private static final Verdict[] VERDICTS = Verdict.values();
    private static final Stage[] STAGES = Stage.values();

    private ClusterCodec() {
    }

    public static int kind(final DirectBuffer b, final int offset) {
        return b.getInt(offset + KIND);
    }

    public static long correlation(final DirectBuffer b, final int offset) {
        return b.getLong(offset + CORRELATION);
    }

    /** Writes a scan request for {@code e}'s inputs; returns its length. */
    public static int encodeScan(final MutableDirectBuffer b, final long correlation, final ScanEvent e) {
        b.putInt(KIND, SCAN);
        b.putLong(CORRELATION, correlation);
        b.putLong(BODY, e.codeId);
        b.putLong(BODY + 8, e.tag);
        b.putLong(BODY + 16, e.deviceHash);
        b.putLong(BODY + 24, e.consumerHash);
        b.putLong(BODY + 32, e.region);
        b.putLong(BODY + 40, e.gtin);
        b.putLong(BODY + 48, e.requestKey);
        b.putInt(BODY + 56, e.location);
        final int at = bytes(b, BODY + 60, e.device, e.deviceLength);
        return bytes(b, at, e.consumer, e.consumerLength);
    }

    /** Reads a scan request into {@code e} (its outcome cleared). */
    public static void decodeScan(final DirectBuffer b, final int offset, final ScanEvent e) {
        e.type = ScanEvent.TYPE_SCAN;
        int at = offset + BODY;
        e.codeId = b.getLong(at);
        e.tag = b.getLong(at + 8);
        e.deviceHash = b.getLong(at + 16);
        e.consumerHash = b.getLong(at + 24);
        e.region = b.getLong(at + 32);
        e.gtin = b.getLong(at + 40);
        e.requestKey = b.getLong(at + 48);
        e.location = b.getInt(at + 56);
        at += 60;
        e.deviceLength = b.getInt(at);
        b.getBytes(at + 4, e.device, 0, e.deviceLength);
        at += 4 + e.deviceLength;
        e.consumerLength = b.getInt(at);
        b.getBytes(at + 4, e.consumer, 0, e.consumerLength);
        e.clearOutcome();
    }

    /** Writes an admin request; returns its length. */
    public static int encodeAdmin(final MutableDirectBuffer b, final long correlation, final int operation, final byte[] json) {
        return encodeAdmin(b, correlation, operation, json, new byte[0]);
    }

    /** As {@link #encodeAdmin(MutableDirectBuffer, long, int, byte[])}, with the audit entry the change is recorded under (empty: none). */
    public static int encodeAdmin(final MutableDirectBuffer b, final long correlation, final int operation, final byte[] json, final byte[] audit) {
        b.putInt(KIND, ADMIN);
        b.putLong(CORRELATION, correlation);
        b.putInt(BODY, operation);
        return bytes(b, bytes(b, BODY + 4, json, json.length), audit, audit.length);
    }

    /** The admin change's audit entry draft as JSON, empty if it is not audited. */
    public static byte[] adminAudit(final DirectBuffer b, final int offset) {
        final int at = offset + BODY + 4;
        return readBytes(b, at + 4 + b.getInt(at));
    }

    public static int adminOperation(final DirectBuffer b, final int offset) {
        return b.getInt(offset + BODY);
    }

    public static byte[] adminJson(final DirectBuffer b, final int offset) {
        return readBytes(b, offset + BODY + 4);
    }

    /** Writes the answer to a scan the verifier judged into {@code e}; returns its length. */
    public static int encodeScanAnswer(final MutableDirectBuffer b, final long correlation, final ScanEvent e) {
        b.putInt(KIND, SCAN_ANSWER);
        b.putLong(CORRELATION, correlation);
        b.putInt(BODY, e.status);
        b.putInt(BODY + 4, e.verdict == null ? -1 : e.verdict.ordinal());
        b.putInt(BODY + 8, e.firstScan ? 1 : 0);
        b.putInt(BODY + 12, e.scanCount);
        b.putLong(BODY + 16, e.firstScanAt);
        b.putLong(BODY + 24, e.firstRegion);
        b.putLong(BODY + 32, e.batch == null ? 0 : e.batch.batchId());
        b.putInt(BODY + 40, e.alerts);
        b.putLong(BODY + 44, e.rewardId);
        b.putLong(BODY + 52, e.rewardAmount);
        b.putInt(BODY + 60, e.consumerPurchases);
        b.putInt(BODY + 64, e.consumerStage == null ? -1 : e.consumerStage.ordinal());
        final byte[] reward = e.reward == null ? new byte[0] : CampaignRecords.rewardJson(e.reward);
        return bytes(b, BODY + 68, reward, reward.length);
    }

    /** A scan's answer as it came back. */
    public record ScanAnswer(int status, Verdict verdict, boolean firstScan, int scanCount, long firstScanAt, long firstRegion, long batchId,
                             int alerts, long rewardId, long rewardAmount, int purchases, Stage stage, byte[] rewardJson) {
    }

    public static ScanAnswer decodeScanAnswer(final DirectBuffer b, final int offset) {
        final int at = offset + BODY;
        final int verdict = b.getInt(at + 4);
        final int stage = b.getInt(at + 64);
        return new ScanAnswer(b.getInt(at), verdict < 0 ? null : VERDICTS[verdict], b.getInt(at + 8) != 0, b.getInt(at + 12),
                b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32), b.getInt(at + 40), b.getLong(at + 44), b.getLong(at + 52),
                b.getInt(at + 60), stage < 0 ? null : STAGES[stage], readBytes(b, at + 68));
    }

    /** Writes an admin answer: {@code ok} with its JSON, or the error's text; returns its length. */
    public static int encodeAdminAnswer(final MutableDirectBuffer b, final long correlation, final boolean ok, final byte[] body) {
        b.putInt(KIND, ADMIN_ANSWER);
        b.putLong(CORRELATION, correlation);
        b.putInt(BODY, ok ? 1 : 0);
        return bytes(b, BODY + 4, body, body.length);
    }

    public static boolean adminOk(final DirectBuffer b, final int offset) {
        return b.getInt(offset + BODY) == 1;
    }

    public static String adminBody(final DirectBuffer b, final int offset) {
        return new String(readBytes(b, offset + BODY + 4), StandardCharsets.UTF_8);
    }

    private static int bytes(final MutableDirectBuffer b, final int at, final byte[] src, final int length) {
        b.putInt(at, length);
        b.putBytes(at + 4, src, 0, length);
        return at + 4 + length;
    }

    private static byte[] readBytes(final DirectBuffer b, final int at) {
        final byte[] out = new byte[b.getInt(at)];
        b.getBytes(at + 4, out);
        return out;
    }
}
