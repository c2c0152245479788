package io.scangate.server.cli;

import java.net.URI;
import java.net.URISyntaxException;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The one option that says where the server's ops port is, shared by every command that talks to
 * a server. {@code --ops-url} is its older name (once {@code status}'s), still accepted and hidden.
 */
final class AdminUrlOption {
    @Option(names = "--admin-url", paramLabel = "URL",
            description = "Base URL of the server's ops port (default: $" + ClientConfig.URL_ENV + ", else " + ClientConfig.URL_KEY
                    + " in the client config file, else " + ClientConfig.DEFAULT_URL + ").")
    String adminUrl;

    @Option(names = "--ops-url", paramLabel = "URL", hidden = true, description = "The older name of --admin-url.")
    String opsUrl;

    /** The ops port's base URL, without a trailing {@code /}, and where it came from. */
    record Target(URI uri, String source) {
        /** What to add when nothing answers at the URL: where it came from and how to give another. */
        String unreachableHint() {
            return "is the server running? the URL is from " + source + "; pass --admin-url, or set $" + ClientConfig.URL_ENV
                    + " or " + ClientConfig.URL_KEY + " in the client config";
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /**
     * The flag, else the environment, else the client config file, else the default; refused as a
     * usage error naming its source when it is not an http(s) URL.
     */
    Target resolve(final ClientConfig config, final CommandLine commandLine) {
        final ClientConfig.Setting s = config.url(adminUrl != null ? adminUrl : opsUrl, adminUrl != null ? "--admin-url" : "--ops-url");
        final String value = s.value();
        final String text = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            final URI uri = new URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return new Target(uri, s.source());
            }
        } catch (final URISyntaxException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(commandLine, s.source() + " must be an http:// or https:// URL such as " + ClientConfig.DEFAULT_URL + ", was '" + value + "'");
    }
}
