package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.ledger.CodeState;

class SuspectReasonTest {
    @Test
    void shouldNameEveryReasonAmongACodesFlagsAsItsAlert() {
        assertEquals(List.of(Alert.MANY_DEVICES, Alert.IMPOSSIBLE_TRAVEL),
                Alert.of(SuspectReason.alerts(CodeState.FLAG_VOIDED | CodeState.FLAG_MANY_DEVICES | CodeState.FLAG_IMPOSSIBLE_TRAVEL)));
        assertEquals(List.of(Alert.IMPOSSIBLE_TRAVEL), Alert.of(SuspectReason.alerts(CodeState.FLAG_IMPOSSIBLE_TRAVEL)));
        assertEquals(0, SuspectReason.alerts(CodeState.FLAG_VOIDED), "voided is no suspect reason");
    }

    @Test
    void shouldClearEveryReasonButNoOtherFlag() {
        assertEquals(CodeState.FLAG_MANY_DEVICES | CodeState.FLAG_IMPOSSIBLE_TRAVEL, SuspectReason.FLAGS);
    }
}
