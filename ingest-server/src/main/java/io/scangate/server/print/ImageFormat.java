package io.scangate.server.print;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

import com.google.zxing.common.BitMatrix;

/**
 * How a symbol's modules become an image file: a 1-bit PNG at a whole number of pixels per
 * module (what label printers' RIPs take without resampling), or an SVG of one path, which scales
 * to any size without blur. Both carry the quiet zone.
 *
 * <p>Stateless.
 */
public enum ImageFormat {
    PNG("png") {
        @Override
        public byte[] render(final BitMatrix m, final int quiet, final int pixelsPerModule) {
            final int side = (Math.max(m.getWidth(), m.getHeight()) + 2 * quiet) * pixelsPerModule;
            final BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
            final WritableRaster raster = image.getRaster();
            final int[] light = new int[pixelsPerModule * pixelsPerModule];
            java.util.Arrays.fill(light, 1);
            final int[] dark = new int[light.length];
            for (int y = 0; y < side / pixelsPerModule; y++) {
                for (int x = 0; x < side / pixelsPerModule; x++) {
                    final boolean set = x >= quiet && y >= quiet && x - quiet < m.getWidth() && y - quiet < m.getHeight()
                            && m.get(x - quiet, y - quiet);
                    raster.setPixels(x * pixelsPerModule, y * pixelsPerModule, pixelsPerModule, pixelsPerModule, set ? dark : light);
                }
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            try {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IllegalStateException("this Java has no PNG writer");
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    },
    SVG("svg") {
        @Override
        public byte[] render(final BitMatrix m, final int quiet, final int pixelsPerModule) {
            final int side = Math.max(m.getWidth(), m.getHeight()) + 2 * quiet;
            final StringBuilder svg = new StringBuilder(4096)
                    .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(side).append(' ').append(side)
                    .append("\" width=\"").append(side * pixelsPerModule).append("\" height=\"").append(side * pixelsPerModule)
                    .append("\" shape-rendering=\"crispEdges\"><rect width=\"").append(side).append("\" height=\"").append(side)
                    .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); ) {
                    if (!m.get(x, y)) {
                        x++;
                        continue;
                    }
                    final int start = x;
                    while (x < m.getWidth() && m.get(x, y)) {
                        x++;
                    }
                    // one run of dark modules: a rectangle one module high
                    svg.append('M').append(start + quiet).append(' ').append(y + quiet).append('h').append(x - start)
                            .append("v1h-").append(x - start).append('z');
                }
            }
            return svg.append("\"/></svg>\n").toString().getBytes(StandardCharsets.US_ASCII);
        }
    };

    private final String extension;

    ImageFormat(final String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The image of {@code modules} with {@code quiet} light modules around, each module {@code pixelsPerModule} pixels wide. */
    public abstract byte[] render(BitMatrix modules, int quiet, int pixelsPerModule);
}
