package dev.quire.api;

import java.time.Duration;

/**
 * Limits of the REST API.
 *
 * @param maxBodyBytes     largest request body accepted; larger ones get 413
 * @param maxTitleLength   longest title, in UTF-16 units
 * @param defaultPageSize  documents per page of the list when no {@code limit} is given
 * @param maxPageSize      largest {@code limit} of the list
 * @param maxOpsPerRequest most ops one history request returns
 * @param writeTimeout     how long a write waits for its commit before answering 503
 * @param maxOpsBytesPerRequest bytes of ops ({@link dev.quire.store.CommittedOp#estimatedBytes() estimated}) one
 *                         history request returns at most (but at least one op); the response then says where the
 *                         next page starts
 */
public record ApiSettings(int maxBodyBytes, int maxTitleLength, int defaultPageSize, int maxPageSize,
                          int maxOpsPerRequest, Duration writeTimeout, long maxOpsBytesPerRequest) {
    public static ApiSettings defaults() {
        return new ApiSettings(4 * 1024 * 1024, 200, 20, 100, 1000, Duration.ofSeconds(30), 4L << 20);
    }

    public ApiSettings withMaxBodyBytes(int bytes) {
        return new ApiSettings(bytes, maxTitleLength, defaultPageSize, maxPageSize, maxOpsPerRequest, writeTimeout,
                maxOpsBytesPerRequest);
    }

}
