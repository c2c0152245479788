package io.scangate.server.cli;

import java.nio.file.Path;
import java.util.Locale;

import io.scangate.server.print.CodeUrl;
import io.scangate.server.print.ImageFormat;
import io.scangate.server.print.PrintFiles;
import io.scangate.server.print.PrintSpec;
import io.scangate.server.print.Symbology;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of commands that write a batch's codes ({@code codes issue}, {@code batches
 * export}): print files (URLs as CSV, QR or GS1 DataMatrix images) and the progress line.
 */
final class OutputOptions {
    static final String BASE_URL_ENV = "SCANGATE_PUBLIC_BASE_URL";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Public base URL of the scan port, as consumers reach it (default: $" + BASE_URL_ENV + ").")
    String baseUrl;

    @Option(names = "--url-form", paramLabel = "FORM", defaultValue = "short",
            description = "URL form: short (BASE/c/CODE) or digital-link (BASE/01/GTIN/21/CODE). Default: ${DEFAULT-VALUE}.")
    String urlForm;

    @Option(names = "--urls", paramLabel = "FILE.csv",
            description = "Also write each code's URL to this CSV: code,url (case,case_url,code,url for a batch with cases).")
    Path urls;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Also write one image per code into DIR (absent or empty), named CODE.png or CODE.svg.")
    Path images;

    @Option(names = "--symbol", paramLabel = "SYMBOL", defaultValue = "qr",
            description = "Symbol in each image: qr (the URL) or gs1-datamatrix ((01)GTIN(21)CODE, FNC1 first). Default: ${DEFAULT-VALUE}.")
    String symbol;

    @Option(names = "--image-format", paramLabel = "FORMAT", defaultValue = "png",
            description = "png (1-bit) or svg. Default: ${DEFAULT-VALUE}.")
    String imageFormat;

    @Option(names = "--module-px", paramLabel = "N", defaultValue = "4",
            description = "Pixels per module (the symbol's smallest square), 1 to " + PrintSpec.MAX_PIXELS_PER_MODULE + ". Default: ${DEFAULT-VALUE}.")
    int modulePixels;

    @Option(names = "--progress",
            description = "Show a progress line on stderr even when it is not a terminal (on a terminal it is always shown).")
    boolean progress;

    /** The print files asked for, validated, their targets checked; usage errors name the option. */
    PrintSpec printSpec() {
        final String base = baseUrl != null ? baseUrl : System.getenv(BASE_URL_ENV);
        final Symbology symbology = symbology();
        final CodeUrl url;
        try {
            url = base == null || base.isBlank() ? null : CodeUrl.of(base.strip(), form());
        } catch (final IllegalArgumentException e) {
            throw usage("--base-url " + e.getMessage());
        }
        if (url == null && (urls != null || images != null && symbology == Symbology.QR)) {
            throw usage((urls != null ? "--urls" : "--images with QR codes") + " needs the public base URL: pass --base-url or set $"
                    + BASE_URL_ENV);
        }
        if (modulePixels < 1 || modulePixels > PrintSpec.MAX_PIXELS_PER_MODULE) {
            throw usage("--module-px must be 1 to " + PrintSpec.MAX_PIXELS_PER_MODULE + ", was " + modulePixels);
        }
        final String csvProblem = urls == null ? null : PrintFiles.csvProblem(urls);
        if (csvProblem != null) {
            throw usage("--urls: " + csvProblem);
        }
        final String imagesProblem = images == null ? null : PrintFiles.imagesProblem(images);
        if (imagesProblem != null) {
            throw usage("--images: " + imagesProblem);
        }
        return new PrintSpec(urls, images, url, symbology, format(), modulePixels);
    }

    /** The progress line for {@code what} over {@code total} codes: on a terminal or with {@code --progress}. */
    Progress progress(final String what, final long total) {
        return Progress.of(mixee.commandLine().getErr(), progress, what, total);
    }

    private CodeUrl.Form form() {
        return switch (urlForm.toLowerCase(Locale.ROOT)) {
            case "short", "c" -> CodeUrl.Form.SHORT;
            case "digital-link", "dl" -> CodeUrl.Form.DIGITAL_LINK;
            default -> throw usage("--url-form must be short or digital-link, was '" + urlForm + "'");
        };
    }

    private Symbology symbology() {
        return switch (symbol.toLowerCase(Locale.ROOT)) {
            case "qr" -> Symbology.QR;
            case "gs1-datamatrix", "datamatrix" -> Symbology.GS1_DATAMATRIX;
            default -> throw usage("--symbol must be qr or gs1-datamatrix, was '" + symbol + "'");
        };
    }

    private ImageFormat format() {
        return switch (imageFormat.toLowerCase(Locale.ROOT)) {
            case "png" -> ImageFormat.PNG;
            case "svg" -> ImageFormat.SVG;
            default -> throw usage("--image-format must be png or svg, was '" + imageFormat + "'");
        };
    }

    private CommandLine.ParameterException usage(final String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
