package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchMeta;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.Role;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.Verdict;

/** The page's parts the browser tests do not reach: the channel, a claimed prize, unsafe metadata. */
class ConsumerPageRenderTest {
    private static PendingReply reply(final Verdict verdict, final BatchMeta meta) {
        final PendingReply r = new PendingReply(null);
        r.reset();
        r.verdict = verdict;
        r.format = PendingReply.FORMAT_HTML | PageLanguage.EN << 1;
        r.codeId = CodeFormat.codeId(1, 7);
        r.scanCount = 2;
        r.firstScanAt = 1_764_547_200_000L;
        r.firstRegion = Regions.pack("CN-31");
        r.batch = new Batch(1, 1, 1, 10, "SKU<1>", "06901234567892", "CN", null, BatchState.ACTIVE, 0).withMeta(meta);
        return r;
    }

    private static Actor actor(final String id, final Role role, final String name) {
        return new Actor(id, role, name, "CN-31", null, null, false, 0);
    }

    private static String render(final PendingReply r) {
        return ConsumerPage.render(r, new byte[CodeFormat.LENGTH]);
    }

    @Test
    void shouldNameTheInstallingStoreElseTheHolder() {
        final PendingReply installed = reply(Verdict.GENUINE, null);
        installed.holder = actor("inst-1", Role.INSTALLER, "Wang the fitter");
        installed.installStore = actor("store-hz", Role.STORE, "Hangzhou <Tyres> & Co");
        final String page = render(installed);
        assertTrue(page.contains("Installed at</dt><dd>Hangzhou &lt;Tyres&gt; &amp; Co"), page);
        final PendingReply held = reply(Verdict.GENUINE, null);
        held.holder = actor("store-sh", Role.STORE, null);
        assertTrue(render(held).contains("<dd>store-sh</dd>"), "the id when the actor has no name");
        final PendingReply forged = reply(Verdict.FORGED, null);
        forged.holder = held.holder;
        assertFalse(render(forged).contains("store-sh"), "a forged code says nothing of the channel");
    }

    @Test
    void shouldSayThePrizeWasAlreadyClaimed() {
        final PendingReply r = reply(Verdict.GENUINE, null);
        r.alerts = Alert.REWARD_ALREADY_CLAIMED.bit();
        assertTrue(render(r).contains("This code's prize was already claimed."));
    }

    @Test
    void shouldShowOnlyHttpImagesAndEscapeEveryUserString() {
        final BatchMeta unsafe = new BatchMeta("<script>alert(1)</script>", "javascript:alert(1)", "2026-03-01", "\"line\"",
                List.of(new BatchMeta.Step("<i>x</i>", "2026-03-01", "'p'")));
        final String page = render(reply(Verdict.SUSPECT, unsafe));
        assertFalse(page.contains("<script") || page.contains("<img") || page.contains("javascript:") || page.contains("<i>"), page);
        assertTrue(page.contains("&lt;script&gt;") && page.contains("&quot;line&quot;") && page.contains("&#39;p&#39;"), page);
        assertTrue(page.contains("Scanned 2 times, first on 2025-12-01 in CN-31"), page);
        final String withImage = render(reply(Verdict.GENUINE, new BatchMeta("N", "https://cdn.example.com/a.png?x=1&y=2", null, null, null)));
        assertTrue(withImage.contains("<img src=\"https://cdn.example.com/a.png?x=1&amp;y=2\" alt=\"Product image: N\">"), withImage);
    }
}
