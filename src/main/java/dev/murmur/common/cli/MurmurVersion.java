package dev.murmur.common.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version} of every tool: the project version, filtered into {@code murmur-cli.properties} at build time. */
public final class MurmurVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = MurmurVersion.class.getResourceAsStream("/murmur-cli.properties")) {
            if (in != null) p.load(in);
        }
        return new String[] {"murmur " + p.getProperty("version", "unknown")};
    }
}
