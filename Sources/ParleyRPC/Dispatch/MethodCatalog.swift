/// Every method the daemon serves, grouped by the file that implements each group.
enum MethodCatalog {
    static let all: [RPCMethod] =
        SystemMethods.all + ConversationMethods.all + MessageMethods.all + DraftMethods.all + SearchMethods.all
        + UsageMethods.all + SubscriptionMethods.all + ChatMethods.all + SyncMethods.all + TokenMethods.all
        + ExchangeMethods.all
}
