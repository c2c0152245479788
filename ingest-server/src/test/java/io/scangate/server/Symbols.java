package io.scangate.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.Reader;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.datamatrix.DataMatrixReader;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Test support: reads print images back with ZXing's own decoders. A print file is exactly one
 * symbol and its quiet zone, so they are read as such ({@code PURE_BARCODE}: the module grid is
 * taken from the picture, then format information, error correction and data are decoded and
 * checked as for a photo). ZXing's finder-pattern search, made for photos, misses some of these
 * noise-free pictures (measured on 1,000 URLs: QR 26 at 4 pixels a module, 0 at 3; DataMatrix
 * most at 2 pixels): a quirk of perfect edges, not of the symbols. An SVG is rasterised from its path
 * (the one form {@code ImageFormat.SVG} writes: runs {@code Mx yhNv1h-Nz}), {@code scale} pixels a unit.
 */
final class Symbols {
    private static final Pattern SIZE = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    private Symbols() {
    }

    /** What a symbol says, and its symbology identifier ({@code ]Q1}, {@code ]d2} for GS1 DataMatrix, ...). */
    record Decoded(String text, String symbologyId) {
    }

    static Decoded qrFromPng(final byte[] png) throws Exception {
        return decode(new QRCodeReader(), luminance(ImageIO.read(new ByteArrayInputStream(png))));
    }

    /** As {@link #qrFromPng}, naming the picture if it cannot be read. */
    static Decoded qrFromPng(final java.nio.file.Path png) throws Exception {
        try {
            return qrFromPng(java.nio.file.Files.readAllBytes(png));
        } catch (final com.google.zxing.ReaderException e) {
            throw new AssertionError("no QR code read in " + png + ": " + e, e);
        }
    }

    static Decoded dataMatrixFromSvg(final byte[] svg, final int scale) throws Exception {
        return decode(new DataMatrixReader(), rasterise(new String(svg, StandardCharsets.US_ASCII), scale));
    }

    static Decoded qrFromSvg(final byte[] svg, final int scale) throws Exception {
        return decode(new QRCodeReader(), rasterise(new String(svg, StandardCharsets.US_ASCII), scale));
    }

    private static Decoded decode(final Reader reader, final LuminanceSource source) throws Exception {
        final Result r = reader.decode(new BinaryBitmap(new GlobalHistogramBinarizer(source)), Map.of(DecodeHintType.CHARACTER_SET, "UTF-8", DecodeHintType.PURE_BARCODE, true));
        final Object id = r.getResultMetadata() == null ? null : r.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER);
        return new Decoded(r.getText(), id == null ? null : id.toString());
    }

    private static LuminanceSource luminance(final BufferedImage image) throws IOException {
        if (image == null) {
            throw new IOException("not an image ImageIO can read");
        }
        final int w = image.getWidth();
        final int h = image.getHeight();
        return new RGBLuminanceSource(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    private static LuminanceSource rasterise(final String svg, final int scale) {
        final Matcher size = SIZE.matcher(svg);
        if (!size.find()) {
            throw new AssertionError("no viewBox in " + svg);
        }
        final int w = Integer.parseInt(size.group(1)) * scale;
        final int h = Integer.parseInt(size.group(2)) * scale;
        final int[] pixels = new int[w * h];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        final Matcher run = RUN.matcher(svg);
        while (run.find()) {
            final int x = Integer.parseInt(run.group(1));
            final int y = Integer.parseInt(run.group(2));
            final int n = Integer.parseInt(run.group(3));
            for (int py = y * scale; py < (y + 1) * scale; py++) {
                for (int px = x * scale; px < (x + n) * scale; px++) {
                    pixels[py * w + px] = 0xFF000000;
                }
            }
        }
        return new RGBLuminanceSource(w, h, pixels);
    }
}
