package io.scangate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds its server: flag, then environment, then the client config file, then the default. */
class ClientConfigTest {
    @TempDir
    Path home;

    private Path defaultFile(final String text) throws Exception {
        final Path file = home.resolve(".config/scangate/client.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void flagWinsOverEnvironmentOverFileOverDefault() throws Exception {
        final Path file = defaultFile("admin.url=http://file:1\nadmin.token=file-token\n");
        final Map<String, String> env = Map.of(ClientConfig.URL_ENV, "http://env:2", ClientConfig.TOKEN_ENV, "env-token");

        final ClientConfig both = ClientConfig.load(env, home);
        assertEquals(new ClientConfig.Setting("http://flag:3", "--admin-url"), both.url("http://flag:3", "--admin-url"));
        assertEquals(new ClientConfig.Setting("http://env:2", "$SCANGATE_ADMIN_URL"), both.url(null, "--admin-url"));
        assertEquals(new ClientConfig.Setting("env-token", "$SCANGATE_ADMIN_TOKEN"), both.token(null));

        final ClientConfig fileOnly = ClientConfig.load(Map.of(), home);
        assertEquals(new ClientConfig.Setting("http://file:1", "admin.url in " + file), fileOnly.url(null, "--admin-url"));
        assertEquals(new ClientConfig.Setting("file-token", "admin.token in " + file), fileOnly.token(null));

        final ClientConfig none = ClientConfig.load(Map.of(), home.resolve("elsewhere"));
        assertEquals(new ClientConfig.Setting(ClientConfig.DEFAULT_URL, "the default"), none.url(null, "--admin-url"));
        assertNull(none.token(null));
    }

    @Test
    void clientConfigEnvironmentVariableNamesTheFileToRead() throws Exception {
        final Path file = home.resolve("ops.properties");
        Files.writeString(file, "admin.url=http://127.0.0.1:19090\n");
        final ClientConfig config = ClientConfig.load(Map.of(ClientConfig.FILE_ENV, file.toString()), home);
        assertEquals("http://127.0.0.1:19090", config.url(null, "--admin-url").value());
    }

    @Test
    void xdgConfigHomeIsWhereTheDefaultFileLives() throws Exception {
        final Path file = home.resolve("xdg/scangate/client.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "admin.token=xdg\n");
        assertEquals("xdg", ClientConfig.load(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home).token(null).value());
    }

    @Test
    void missingNamedClientConfigNamesTheFileAndTheCause() {
        final Path missing = home.resolve("missing.properties");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.load(Map.of(ClientConfig.FILE_ENV, missing.toString()), home));
        assertEquals("cannot read the client config " + missing + " (from $SCANGATE_CLIENT_CONFIG): no such file or directory", e.getMessage());
    }

    @Test
    void unknownKeyInTheClientConfigIsNamed() throws Exception {
        final Path file = defaultFile("admin.uri=http://typo:1\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientConfig.load(Map.of(), home));
        assertTrue(e.getMessage().contains("the client config " + file + " has an unknown key 'admin.uri'"), e.getMessage());
    }

    @Test
    void adminUrlFromTheEnvironmentIsNamedWhenItIsNotAUrl() {
        final AdminUrlOption option = new AdminUrlOption();
        final picocli.CommandLine cl = new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create());
        final picocli.CommandLine.ParameterException e = assertThrows(picocli.CommandLine.ParameterException.class,
                () -> option.resolve(ClientConfig.load(Map.of(ClientConfig.URL_ENV, "127.0.0.1:9090"), home), cl));
        assertTrue(e.getMessage().startsWith("$SCANGATE_ADMIN_URL must be an http:// or https:// URL"), e.getMessage());
    }
}
