package io.scangate.server;

import java.nio.file.Path;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * HTTPS for the scan port: a server {@link SslContext} from the configured PEM certificate chain
 * and PKCS#8 private key (the JDK's TLS; TLS 1.2 and 1.3), or none for plain HTTP behind a proxy.
 */
final class Tls {
    private Tls() {
    }

    /** The context of {@code config}'s TLS files, or null without them; a bad file is a start failure naming it. */
    static SslContext context(final ServerConfig config) {
        if (config.tlsCertFile == null) {
            return null;
        }
        final Path cert = config.tlsCertFile;
        final Path key = config.tlsKeyFile;
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile()).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (final SSLException | IllegalArgumentException e) {
            throw new StartException("cannot start: tls.cert.file " + cert + " and tls.key.file " + key
                    + " do not make a TLS server context (PEM certificate chain and PKCS#8 PEM key expected): " + e.getMessage(), e);
        }
    }
}
