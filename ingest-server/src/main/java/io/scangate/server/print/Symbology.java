package io.scangate.server.print;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The 2D symbols a code can be printed as, encoded with ZXing at one pixel per module and without
 * a quiet zone (the image adds it, {@link #quietZone} modules wide).
 *
 * <p>Stateless; ZXing's writers keep no state between calls.
 */
public enum Symbology {
    /** A QR code holding the code's URL, error correction M (15% of the symbol may be lost). */
    QR(4) {
        @Override
        BitMatrix encode(final String url, final String gtin, final String code) throws WriterException {
            return new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        }
    },
    /**
     * A GS1 DataMatrix (square, FNC1 first) holding the element string {@code (01)GTIN(21)CODE}: a
     * GS1 scanner reads GTIN and serial, and the Digital Link URL {@code /01/GTIN/21/CODE} is the
     * same pair.
     */
    GS1_DATAMATRIX(2) {
        @Override
        BitMatrix encode(final String url, final String gtin, final String code) {
            return Gs1DataMatrix.encode(CodeUrl.elementString(gtin, code));
        }
    };

    private final int quietZone;

    Symbology(final int quietZone) {
        this.quietZone = quietZone;
    }

    /** Modules of light margin the symbol needs on each side (QR: 4, DataMatrix: 1, given 2 here). */
    public int quietZone() {
        return quietZone;
    }

    /** The symbol's modules for the code {@code code} of a batch with GTIN-14 {@code gtin}, whose URL is {@code url}. */
    abstract BitMatrix encode(String url, String gtin, String code) throws WriterException;

    /** As {@link #encode}, with ZXing's refusal (data too long for any symbol) as an {@link IllegalArgumentException}. */
    public BitMatrix modules(final String url, final String gtin, final String code) {
        try {
            return encode(url, gtin, code);
        } catch (final WriterException e) {
            throw new IllegalArgumentException(name() + " cannot hold " + url + ": " + e.getMessage(), e);
        }
    }
}
