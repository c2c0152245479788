package io.scangate.server.print;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.datamatrix.encoder.DefaultPlacement;
import com.google.zxing.datamatrix.encoder.ErrorCorrection;
import com.google.zxing.datamatrix.encoder.SymbolInfo;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;

/**
 * A square GS1 DataMatrix (ECC 200) of an element string, its data codewords made here in ASCII
 * mode (FNC1 = 232 first, two digits per codeword, other characters as value + 1, then the pad
 * 129 and the 253-state pads of ISO/IEC 16022 5.2.3), ZXing's Reed-Solomon and module placement
 * doing the rest. ZXing 3.5.4's own GS1 path (its minimal encoder) ends some C40 runs in a way
 * its own decoder reads past, appending garbage to the serial: a printed code must read back
 * exactly, so the codewords are not left to it.
 *
 * <p>Stateless.
 */
final class Gs1DataMatrix {
    static final int FNC1 = 232;
    static final int PAD = 129;
    private static final int DIGIT_PAIR = 130;

    private Gs1DataMatrix() {
    }

    /** The modules of {@code elements} (digits and upper-case letters, AIs as plain digits, FNC1 added first). */
    static BitMatrix encode(final String elements) {
        final StringBuilder cw = new StringBuilder(elements.length() + 1).append((char) FNC1);
        for (int i = 0; i < elements.length(); i++) {
            final char c = elements.charAt(i);
            if (c > 127) {
                throw new IllegalArgumentException("GS1 DataMatrix: '" + c + "' is not in the GS1 character set");
            }
            if (isDigit(c) && i + 1 < elements.length() && isDigit(elements.charAt(i + 1))) {
                cw.append((char) (DIGIT_PAIR + (c - '0') * 10 + elements.charAt(++i) - '0'));
            } else {
                cw.append((char) (c + 1));
            }
        }
        final SymbolInfo symbol = SymbolInfo.lookup(cw.length(), SymbolShapeHint.FORCE_SQUARE, null, null, true);
        if (cw.length() < symbol.getDataCapacity()) {
            cw.append((char) PAD);
        }
        while (cw.length() < symbol.getDataCapacity()) {
            final int position = cw.length() + 1;
            final int value = PAD + (149 * position) % 253 + 1;
            cw.append((char) (value <= 254 ? value : value - 254));
        }
        final DefaultPlacement placement = new DefaultPlacement(ErrorCorrection.encodeECC200(cw.toString(), symbol),
                symbol.getSymbolDataWidth(), symbol.getSymbolDataHeight());
        placement.place();
        return modules(placement, symbol);
    }

    /** The data regions with their finder (solid L) and clock (alternating) edges, as in ISO/IEC 16022 figure 2. */
    private static BitMatrix modules(final DefaultPlacement placement, final SymbolInfo symbol) {
        final BitMatrix m = new BitMatrix(symbol.getSymbolWidth(), symbol.getSymbolHeight());
        final int regionW = symbol.matrixWidth;
        final int regionH = symbol.matrixHeight;
        for (int y = 0; y < symbol.getSymbolDataHeight(); y++) {
            final int my = y + 2 * (y / regionH) + 1;
            for (int x = 0; x < symbol.getSymbolDataWidth(); x++) {
                if (placement.getBit(x, y)) {
                    m.set(x + 2 * (x / regionW) + 1, my);
                }
            }
        }
        for (int ry = 0; ry < symbol.getSymbolHeight(); ry += regionH + 2) {
            for (int rx = 0; rx < symbol.getSymbolWidth(); rx += regionW + 2) {
                edges(m, rx, ry, regionW + 2, regionH + 2);
            }
        }
        return m;
    }

    /** One region's edges: solid left and bottom, alternating top and right (dark at the top-left). */
    private static void edges(final BitMatrix m, final int left, final int top, final int width, final int height) {
        for (int i = 0; i < height; i++) {
            m.set(left, top + i);
            if (i % 2 == 1) {
                m.set(left + width - 1, top + i);
            }
        }
        for (int i = 0; i < width; i++) {
            m.set(left + i, top + height - 1);
            if (i % 2 == 0) {
                m.set(left + i, top);
            }
        }
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
