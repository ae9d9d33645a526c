/**
 * The server process: settings ({@link dev.quire.app.ServerConfig}), wiring of every part by plain constructors
 * ({@link dev.quire.app.QuireApplication}), the single HTTP/WebSocket listener ({@link dev.quire.app.QuireServer})
 * with the web client's static files, start-up and graceful shutdown ({@link dev.quire.app.Main}), the data
 * directory's lock ({@link dev.quire.app.DataDirectoryLock}) and the operator commands
 * ({@link dev.quire.app.BackupCommand}, {@link dev.quire.app.RestoreCommand}).
 *
 * <p>May depend on every other package; nothing depends on it.
 */
package dev.quire.app;
