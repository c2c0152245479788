package io.scangate.server.intake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.ParsedCode;

class ScanIntakeMessagesTest {
    @Test
    void shouldNotCallCharactersTheCodecAcceptsOutsideTheAlphabet() {
        // I, L and O are read as 1, 1 and 0 (issue 20: the message said they were outside the alphabet)
        assertTrue(CodeFormat.decode("0000000000000000000I", new ParsedCode()) == CodeFormat.OK);
        assertTrue(CodeFormat.decode("OOOOOOOOOOOOOOOOOOOL", new ParsedCode()) == CodeFormat.OK);
        assertFalse(ScanIntake.BAD_CHARACTER_DETAIL.contains("without I"), ScanIntake.BAD_CHARACTER_DETAIL);
        assertTrue(ScanIntake.BAD_CHARACTER_DETAIL.contains("but U"), ScanIntake.BAD_CHARACTER_DETAIL);
        assertTrue(CodeFormat.decode("0000000000000000000U", new ParsedCode()) != CodeFormat.OK);
    }
}
