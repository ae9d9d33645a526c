/**
 * The server process: settings ({@link dev.quire.app.ServerConfig}), wiring of every part by plain constructors
 * ({@link dev.quire.app.QuireApplication}), start-up and graceful shutdown ({@link dev.quire.app.Main}), logging
 * set-up, the data directory's lock ({@link dev.quire.app.DataDirectoryLock}) and the operator commands
 * ({@link dev.quire.app.BackupCommand}, {@link dev.quire.app.RestoreCommand}).
 *
 * <p>May depend on every other package; nothing depends on it.
 */
package dev.quire.app;
