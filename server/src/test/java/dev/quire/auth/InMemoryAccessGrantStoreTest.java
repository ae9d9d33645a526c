package dev.quire.auth;

class InMemoryAccessGrantStoreTest extends AccessGrantStoreContractTest {
    @Override
    protected AccessGrantStore newStore() {
        return new InMemoryAccessGrantStore();
    }
}
