package io.scangate.server.print;

import java.nio.file.Path;

/**
 * What print files to write for a batch's codes: a CSV of URLs and/or a directory of symbol
 * images. Validated at construction: whatever is asked for has what it needs.
 *
 * @param urls            the CSV to write ({@code code,url}, or {@code case,case_url,code,url} for a batch with cases), or null
 * @param images          the directory to fill with one image per unit code, or null
 * @param url             how URLs are made; needed for the CSV and for QR images
 * @param symbology       the symbol in each image
 * @param format          PNG or SVG
 * @param pixelsPerModule the width of one module in pixels (PNG) or the SVG's nominal size per module
 */
public record PrintSpec(Path urls, Path images, CodeUrl url, Symbology symbology, ImageFormat format, int pixelsPerModule) {
    public static final int MAX_PIXELS_PER_MODULE = 50;

    public PrintSpec {
        if (url == null && (urls != null || images != null && symbology == Symbology.QR)) {
            throw new IllegalArgumentException(urls != null ? "a URL file needs the public base URL" : "QR images need the public base URL");
        }
        if (pixelsPerModule < 1 || pixelsPerModule > MAX_PIXELS_PER_MODULE) {
            throw new IllegalArgumentException("pixels per module must be 1 to " + MAX_PIXELS_PER_MODULE + ", was " + pixelsPerModule);
        }
    }

    /** True if there is anything to write. */
    public boolean any() {
        return urls != null || images != null;
    }
}
