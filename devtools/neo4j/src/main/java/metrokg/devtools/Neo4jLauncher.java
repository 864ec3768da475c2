package metrokg.devtools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Development and test infrastructure: one Neo4j 5 Community DBMS with its Bolt connector on
 * 127.0.0.1, authentication on, all files under the home directory given.
 *
 * <p>Usage: {@code Neo4jLauncher HOME PORT TX_TIMEOUT_S TX_MEMORY_MB WATCH_PID [TX_TOTAL_MB
 * PAGECACHE_MB]}: {@code TX_MEMORY_MB} caps one transaction ({@code db.memory.transaction.max}),
 * {@code TX_TOTAL_MB} all transactions together ({@code dbms.memory.transaction.total.max} and
 * {@code db.memory.transaction.total.max}; 0 or absent: Neo4j's default, 70% of the heap). The
 * password
 * of user {@code neo4j} is read from the first line of standard input (never from the command
 * line) and set before the first start. Prints {@code READY} when Bolt accepts connections;
 * stops cleanly on SIGTERM, or when process {@code WATCH_PID} ends (0: watch none).
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long timeoutSeconds = Long.parseLong(args[2]);
        long txMemoryMb = Long.parseLong(args[3]);
        long watchPid = Long.parseLong(args[4]);
        long txTotalMb = args.length > 5 ? Long.parseLong(args[5]) : 0;
        long pagecacheMb = args.length > 6 ? Long.parseLong(args[6]) : 256;
        BufferedReader stdin =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = stdin.readLine();
        if (password == null || password.length() < 8) {
            System.err.println("no password (8 characters or more) on standard input");
            System.exit(2);
        }
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        if (!Files.exists(home.resolve("data/databases/system"))) {
            setInitialPassword(config, password);
        }
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"))
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress("127.0.0.1"))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(timeoutSeconds))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(txMemoryMb))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
                .setConfig(GraphDatabaseSettings.allow_file_urls, false);
        if (txTotalMb > 0) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                            ByteUnit.mebiBytes(txTotalMb))
                    .setConfig(GraphDatabaseSettings.memory_transaction_database_max_size,
                            ByteUnit.mebiBytes(txTotalMb));
        }
        DatabaseManagementService dbms = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        System.out.println("READY");
        System.out.flush();
        while (watchPid == 0 || ProcessHandle.of(watchPid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(1000);
        }
        System.exit(0);
    }

    private static void setInitialPassword(Config config, String password) throws Exception {
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction();
        if (fs.fileExists(file)) {
            fs.deleteFile(file);
        }
        FileUserRepository users = new FileUserRepository(
                fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
        users.start();
        SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
        users.create(new User("neo4j", null, credential, false, false));
        users.shutdown();
    }
}
