package dev.quire.store;

class InMemoryAccessGrantStoreTest extends AccessGrantStoreContractTest {
    @Override
    protected AccessGrantStore newStore() {
        return new InMemoryAccessGrantStore();
    }
}
