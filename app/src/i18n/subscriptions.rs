//! Texts of the subscription, order, invoice and test-clock screens. zh-TW
//! wording follows seed 004 (訂用帳戶, 新增至購物車, 檢閱, 轉銷商, 可減少的授權 …).

use domain::{
    BillingFrequency, BillingType, Category, FieldError, Publisher, SubscriptionStatus, Term,
    Timestamp,
};

use super::{fill, messages, Lang};

messages! { SMsg {
    NavSubscriptions => "Subscriptions", "訂用帳戶", ja: "サブスクリプション";
    NavTestClock => "Test clock", "測試時鐘", ja: "テスト クロック";
    SimulatedNow => "Simulated date", "模擬日期", ja: "シミュレートされた日付";
    Subscriptions => "Subscriptions", "訂用帳戶", ja: "サブスクリプション";
    AddSubscription => "Add subscription", "新增訂用帳戶", ja: "サブスクリプションの追加";
    OrderHistory => "Order history", "訂單歷程記錄", ja: "注文履歴";
    ReviewOrderHistory => "Review order history", "檢閱訂單歷程記錄", ja: "注文履歴の確認";
    ExportAll => "Export all subscriptions", "匯出所有訂用帳戶", ja: "すべてのサブスクリプションをエクスポート";
    NoSubscriptions => "No subscriptions yet.", "尚無訂用帳戶。", ja: "サブスクリプションはまだありません。";
    Product => "Product", "產品", ja: "製品";
    Quantity => "Quantity", "數量", ja: "数量";
    Status => "Status", "狀態", ja: "状態";
    Term => "Term", "期限", ja: "期間";
    Billing => "Billing frequency", "計費頻率", ja: "請求頻度";
    RenewsOn => "Renews on", "續約日期", ja: "更新日";
    ProcessingNow => "A renewal or billing-period charge is being processed: auto-renew, scheduled changes, suspend and reactivate are read-only for now. Try again in 2 minutes.", "正在處理續約或計費週期收費：自動續約、排程的變更、暫停與重新啟用暫時為唯讀。請在 2 分鐘後再試一次。", ja: "更新または請求期間の請求を処理中です。自動更新、スケジュールされた変更、一時停止と再開は現在読み取り専用です。2 分後にもう一度お試しください。";
    ConvertsOn => "Converts to the equivalent paid subscription on", "轉換為對等付費訂閱日期", ja: "同等の有料サブスクリプションへの変換日";
    ConvertTrial => "Convert trial to paid subscription", "將試用版轉換為付費訂用帳戶", ja: "試用版を有料サブスクリプションに変換";
    ConvertTrialHint => "A new paid subscription starts now, with at least 25 licenses; the trial ends. Promotions do not apply.", "新的付費訂用帳戶立即開始，至少 25 個授權；試用版隨即結束。轉換不適用促銷。", ja: "25 ライセンス以上の新しい有料サブスクリプションが今すぐ開始され、試用版は終了します。プロモーションは適用されません。";
    ConversionTerm => "Term and billing frequency", "期限與計費頻率", ja: "期間と請求頻度";
    ConversionDestination => "Convert to", "轉換至", ja: "変換先";
    FreeTrialIncluded => "Includes a 30-day free trial: the paid term starts after it", "包含 30 天免費試用：付費期限於試用結束後開始", ja: "30 日間の無料試用版付き: 有料期間は試用期間の終了後に開始します";
    FreeTrialUntil => "Free trial (it cannot be waived): its licenses and status are fixed, nothing is charged, and the paid term, billed as chosen, starts on", "免費試用（無法略過）：授權數目與狀態固定、不收取任何費用，依所選方式計費的付費期限開始於", ja: "無料試用版 (省略できません): ライセンス数と状態は固定され、料金は発生しません。選択した方法で請求される有料期間の開始日";
    ConversionJoins => "The trial's 25 licenses are added to this subscription, on its term and billing frequency.", "試用版的 25 個授權會新增至此訂用帳戶，並沿用其期限與計費頻率。", ja: "試用版の 25 ライセンスは、このサブスクリプションの期間と請求頻度で、このサブスクリプションに追加されます。";
    ConvertNow => "Convert now", "立即轉換", ja: "今すぐ変換";
    ScheduleConversionTitle => "Convert at the end of the trial", "排程的試用轉換", ja: "試用期間の終了時に変換";
    ScheduleConversionHint => "Keep the whole trial month and convert when it ends, with any number of licenses (fewer than 25 too).", "保留完整的試用期間，並於試用期結束時轉換，授權數目不限（可少於 25 個）。", ja: "試用期間の 1 か月をすべて使い、終了時に任意のライセンス数 (25 未満も可) で変換します。";
    ScheduleConversion => "Schedule conversion", "排程轉換", ja: "変換をスケジュール";
    ScheduledConversionOn => "Converts on", "轉換日期", ja: "変換日";
    ScheduledFirstCharge => "first charge", "首次收費", ja: "初回請求";
    RemoveScheduled => "Remove scheduled conversion", "移除排程的轉換", ja: "スケジュールされた変換を削除";
    ScheduleNeedsAutoRenew => "A conversion at the end of the trial needs auto-renew on.", "排程於試用期結束時轉換需要開啟自動續約。", ja: "試用期間の終了時に変換するには、自動更新をオンにする必要があります。";
    PerSeatPerTerm => "per license per term", "每個授權每期", ja: "ライセンスあたり、期間あたり";
    CheckUpgrades => "Check upgrades", "檢查升級", ja: "アップグレードの確認";
    Addons => "Add-ons", "附加元件", ja: "アドオン";
    AddonsHint => "The add-ons available for this subscription. An add-on's term starts with this subscription's and ends with it; its first charge covers the rest of the billing period, prorated by day. Suspending this subscription also suspends its add-ons, and cancelling it ends them.", "狀態區段下方是訂閱可用的附加元件列表。附加元件的開始日期與基本訂用帳戶一致，並與其同時結束；首次費用涵蓋計費週期的剩餘天數，按比例計算。暫停基底訂閱也會暫停任何相關聯的附加元件，取消基底訂閱則會結束這些附加元件。", ja: "このサブスクリプションで利用できるアドオンです。アドオンの期間はこのサブスクリプションと同時に始まり、同時に終わります。初回請求は請求期間の残りの日数分を日割りで計算します。このサブスクリプションを一時停止するとアドオンも一時停止し、取り消すとアドオンも終了します。";
    AddonEndsWithBase => "Ends with this subscription on", "與基本訂用帳戶同時結束於", ja: "このサブスクリプションと同時に終了:";
    AddAddon => "Add", "新增", ja: "追加";
    AddonOf => "Add-on of", "附加元件的基本訂用帳戶", ja: "基本サブスクリプション";
    CancelEndsAddons => "Cancelling also ends its add-ons, each refunded:", "取消也會結束相關聯的附加元件，各自退款：", ja: "取り消すとアドオンも終了し、それぞれ返金されます:";
    StatusFollowsAddons => "Suspending this subscription also suspends its add-ons, and reactivating it restores them; turning auto-renew off turns theirs off too.", "暫停基底訂閱也會暫停任何相關聯的附加元件，重新啟用則會恢復這些附加元件；關閉自動續約也會關閉附加元件的自動續約。", ja: "このサブスクリプションを一時停止するとアドオンも一時停止し、再開するとアドオンも元に戻ります。自動更新をオフにすると、アドオンの自動更新もオフになります。";
    ManageRenewal => "Manage renewal", "管理續約", ja: "更新の管理";
    ManageRenewalHint => "Schedule changes for the next term: an upgrade, more or fewer licenses, the term or the billing frequency, or a co-term date. A cancel, turning auto-renew off, a license change, an upgrade or a trial conversion deletes them.", "排程下一期的變更：升級、增加或減少授權數目、變更計費期限或計費頻率，或更新共同日期。取消訂用帳戶、關閉自動續訂、變更數量、升級 SKU 或轉換試用版會刪除已儲存的排程變更。", ja: "次の期間の変更をスケジュールします: アップグレード、ライセンス数の増減、期間または請求頻度、共通終了日。取り消し、自動更新のオフ、ライセンス数の変更、アップグレード、試用版の変換を行うと、スケジュールは削除されます。";
    RenewalProduct => "Product, term and billing frequency", "產品、期限與計費頻率", ja: "製品、期間、請求頻度";
    CotermDate => "Co-term date: end the next term with another subscription", "共同日期：下一期與另一個訂用帳戶同時結束", ja: "共通終了日: 次の期間を別のサブスクリプションと同時に終了";
    CotermNone => "None: a whole term", "無：完整期限", ja: "なし: 期間全体";
    NextTermEndsOn => "The next term ends on", "下一期結束於", ja: "次の期間の終了日";
    ScheduleChange => "Schedule change", "排程變更", ja: "変更をスケジュール";
    RemoveScheduledChange => "Remove scheduled change", "移除排程的變更", ja: "スケジュールされた変更を削除";
    RenewalNeedsAutoRenew => "Changes for renewal need auto-renew on.", "只有在自動續訂已開啟時才能安排變更。", ja: "更新時の変更には、自動更新をオンにする必要があります。";
    UpgradeWord => "upgrade", "升級", ja: "アップグレード";
    DeletesScheduled => "This deletes the change scheduled for the end of the term.", "此變更會刪除已儲存的排程變更。", ja: "これにより、期間の終了時にスケジュールされた変更は削除されます。";
    StatusDeletesScheduled => "Suspending or turning auto-renew off deletes the change scheduled for the end of the term.", "暫停或關閉自動續訂會刪除已儲存的排程變更。", ja: "一時停止または自動更新をオフにすると、期間の終了時にスケジュールされた変更は削除されます。";
    UpgradeHint => "Move licenses to a higher product now. All of them is a full upgrade: the subscription keeps its ID, or the licenses join the destination subscription, whose term and billing stay. Fewer is a partial upgrade: a new subscription that ends with this one, which keeps the rest.", "立即將授權移至較高層級的產品。移動所有授權為完整升級：訂用帳戶識別碼維持不變，或授權新增至目的地訂用帳戶並保留其期限和計費頻率。移動部分授權為部分升級：建立與此訂用帳戶同時結束的新訂用帳戶，其餘授權保留在此訂用帳戶。", ja: "ライセンスを上位の製品に今すぐ移行します。すべてを移行する場合は完全アップグレードです: サブスクリプション ID はそのまま残るか、ライセンスが移行先サブスクリプションに追加され、その期間と請求はそのまま維持されます。一部だけの場合は部分アップグレードです: このサブスクリプションと同時に終了する新しいサブスクリプションが作成され、残りはこのサブスクリプションに残ります。";
    EligibleUpgrades => "Eligible upgrades", "合格的升級", ja: "対象となるアップグレード";
    UnsupportedUpgrades => "Upgrades not supported yet", "目前不支持的升級", ja: "まだサポートされていないアップグレード";
    UpgradeDestination => "Destination subscription", "目的地訂用帳戶", ja: "移行先サブスクリプション";
    NewSubscription => "New subscription", "新的訂用帳戶", ja: "新しいサブスクリプション";
    UpgradeCredit => "Credit for unused days", "未使用天數的抵免", ja: "未使用日数分のクレジット";
    FullUpgrade => "Full upgrade", "完整升級", ja: "完全アップグレード";
    PartialUpgrade => "Partial upgrade", "部分升級", ja: "部分アップグレード";
    Licenses => "licenses", "個授權", ja: "ライセンス";
    UpgradeCannotBeUndone => "The cancellation window does not apply to upgrades: once submitted, an upgrade cannot be undone. Check every detail before you continue.", "取消期限不適用於升級，因此變更提交後無法進行修改。在繼續之前，請先仔細檢查所有升級詳細數據。", ja: "アップグレードには取り消し期間が適用されません。送信したアップグレードは元に戻せません。続行する前に、すべての詳細を確認してください。";
    UpgradeConfirm => "I understand that this upgrade cannot be undone.", "我了解此升級無法復原。", ja: "このアップグレードは元に戻せないことを理解しました。";
    YesUpgrade => "Yes, upgrade", "是，升級", ja: "はい、アップグレードします";
    TermEnds => "Term ends", "期限結束", ja: "期間の終了";
    AutoRenew => "Auto-renew", "自動續約", ja: "自動更新";
    On => "On", "開啟", ja: "オン";
    Off => "Off", "關閉", ja: "オフ";
    Partner => "Partner", "合作夥伴", ja: "パートナー";
    Reseller => "Reseller", "轉銷商", ja: "リセラー";
    Filters => "Filters", "篩選", ja: "フィルター";
    ApplyFilters => "Apply filters", "套用篩選", ja: "フィルターを適用";
    Publisher => "Publisher", "發行者", ja: "発行元";
    BillingType => "Billing type", "帳單類型", ja: "請求の種類";
    Category => "Category", "類別", ja: "カテゴリ";
    Any => "Any", "全部", ja: "すべて";
    Segment => "Customer segment", "客戶區段", ja: "顧客セグメント";
    PricePerSeat => "Price per license and term", "每個授權每期價格", ja: "ライセンスあたり、期間あたりの価格";
    AddToCart => "Add to cart", "新增至購物車", ja: "カートに追加";
    Cart => "Cart", "購物車", ja: "カート";
    CartEmpty => "The cart is empty.", "購物車是空的。", ja: "カートは空です。";
    FirstCharge => "First charge", "首次費用", ja: "初回請求";
    Review => "Review", "檢閱", ja: "確認";
    Attestation => "I confirm that my organization acts as an indirect partner when it selects a reseller, and as a direct partner when no reseller is selected.", "我確認我的組織在選擇轉銷商時是間接合作夥伴，且在未選取轉銷商的情況下擔任直接合作夥伴。", ja: "リセラーを選択する場合、私の組織は間接パートナーとして、リセラーを選択しない場合は直接パートナーとして行動することを確認します。";
    IndirectReseller => "Indirect reseller (Partner ID, optional)", "間接轉銷商（PartnerID，選填）", ja: "間接リセラー (パートナー ID、省略可)";
    AdditionalResellers => "Additional resellers (EU/EFTA, up to 5; the initial reseller first)", "其他轉銷商（歐盟/EFTA，最多五個；須先選擇初始轉銷商）", ja: "追加のリセラー (EU/EFTA、最大 5 社。最初のリセラーを先に)";
    Submit => "Submit", "提交", ja: "送信";
    OrderConfirmed => "Order submitted.", "已提交訂單。", ja: "注文を送信しました。";
    Order => "Order", "訂單", ja: "注文";
    PlacedAt => "Placed", "下單時間", ja: "注文日時";
    Fulfillment => "Fulfillment status", "履行狀態", ja: "フルフィルメントの状態";
    Amount => "Amount", "金額", ja: "金額";
    Seats => "Licenses", "授權數目", ja: "ライセンス数";
    ChangeQuantity => "Change quantity", "變更數量", ja: "数量の変更";
    NewQuantity => "New number of licenses", "新的授權數目", ja: "新しいライセンス数";
    PreviewCharge => "Charge now, prorated to the end of the billing period", "立即收取的費用（按比例計算至計費期間結束）", ja: "今すぐ請求される金額 (請求期間の終了まで日割り)";
    PreviewRefund => "Refund", "退款", ja: "返金";
    PreviewPinned => "Figures as of", "金額計算時間", ja: "金額の計算日時";
    SaveQuantity => "Save quantity", "儲存數量", ja: "数量を保存";
    ReviewHint => "Choose Review to see the figures this gives before you confirm.", "請先選擇「檢閱」，確認計算結果後再送出。", ja: "確定する前に「確認」を選んで、この内容で計算される金額をご確認ください。";
    TypeNewQuantity => "Type the new quantity: its charge or refund appears here before you save.", "請輸入新的數量：儲存前會在此顯示費用或退款金額。", ja: "新しい数量を入力してください。保存する前に、料金または返金額がここに表示されます。";
    Repinning => "Getting the figures as they are now…", "正在取得目前的金額…", ja: "最新の金額を取得しています…";
    Reducible => "View licenses available to reduce", "檢視可減少的授權", ja: "削減できるライセンスを表示";
    ReducibleTotal => "Licenses you can reduce now", "目前可減少的授權數目", ja: "今すぐ削減できるライセンス数";
    NoneReducible => "No licenses can be reduced now: every addition is past its 7-day window.", "目前無法減少授權數目：每次新增的授權都已超過 7 天期限。", ja: "今はライセンスを削減できません: どの追加分も 7 日間の期限を過ぎています。";
    AddedAt => "Added", "新增時間", ja: "追加日時";
    ReducibleUntil => "Reducible until", "可減少至", ja: "削減できる期限";
    CancelSubscription => "Cancel subscription", "取消訂用帳戶", ja: "サブスクリプションの取り消し";
    CancelHint => "Cancelling is possible within 7 days (168 hours) of the term's start and cannot be undone.", "僅能在期限開始後 7 天（168 小時）內取消，且無法復原。", ja: "取り消しは期間の開始から 7 日 (168 時間) 以内に限り可能で、元に戻すことはできません。";
    CancelUntil => "Cancellation possible until", "可取消至", ja: "取り消しできる期限";
    CancelConfirm => "I understand that a cancelled subscription cannot be restored.", "我了解已取消的訂用帳戶無法復原。", ja: "取り消したサブスクリプションは復元できないことを理解しました。";
    Suspend => "Suspend", "暫停", ja: "一時停止";
    Reactivate => "Reactivate", "重新啟用", ja: "再開";
    SuspendHint => "Suspending blocks the customer's access at once and turns auto-renew off; billing continues.", "暫停會立即封鎖客戶的存取權並關閉自動續約；計費會繼續。", ja: "一時停止すると顧客のアクセスは直ちにブロックされ、自動更新はオフになります。請求は継続します。";
    TurnAutoRenewOn => "Turn auto-renew on", "開啟自動續約", ja: "自動更新をオンにする";
    TurnAutoRenewOff => "Turn auto-renew off", "關閉自動續約", ja: "自動更新をオフにする";
    Suspended => "This subscription is suspended: access is blocked until your partner reactivates it.", "此訂用帳戶已暫停：在合作夥伴重新啟用之前，存取權已被封鎖。", ja: "このサブスクリプションは一時停止中です: パートナーが再開するまでアクセスはブロックされます。";
    ReadOnly => "Only the partner that manages this subscription can change it.", "只有管理此訂用帳戶的合作夥伴可以變更。", ja: "このサブスクリプションを変更できるのは、管理しているパートナーだけです。";
    Invoices => "Invoices", "發票", ja: "請求書";
    Invoice => "Invoice", "發票", ja: "請求書";
    Month => "Month", "月份", ja: "月";
    Total => "Total", "總計", ja: "合計";
    Entries => "Entries", "項目", ja: "明細";
    NoInvoices => "No invoices yet.", "尚無發票。", ja: "請求書はまだありません。";
    Reason => "Reason", "原因", ja: "理由";
    BillingPeriod => "Billing period", "計費期間", ja: "請求期間";
    Subscription => "Subscription", "訂用帳戶", ja: "サブスクリプション";
    TestClock => "Test clock", "測試時鐘", ja: "テスト クロック";
    TestClockHint => "Demo mode only: move business time forward to see renewals, charges and closing windows.", "僅限示範模式：將業務時間往前移動，以檢視續約、計費與期限結束。", ja: "デモ モードのみ: 業務時間を先に進めて、更新、請求、期限の終了を確認できます。";
    AdvanceDays => "Advance by days", "前進天數", ja: "進める日数";
    AdvanceMinutes => "and minutes", "及分鐘數", ja: "と分数";
    Advance => "Advance", "前進", ja: "進める";
    Offset => "Offset", "偏移", ja: "オフセット";
    Days => "days", "天", ja: "日";
    Unavailable => "Not available", "無法購買", ja: "購入できません";
}}

messages! { StatusText for SubscriptionStatus {
    Active => "Active", "使用中", ja: "アクティブ";
    Suspended => "Suspended", "已暫停", ja: "一時停止";
    Cancelled => "Cancelled", "已取消", ja: "取り消し済み";
    Expired => "Expired", "已到期", ja: "期限切れ";
    Deleted => "Deleted", "已刪除", ja: "削除済み";
}}

messages! { TermText for Term {
    P1M => "1 month", "1 個月", ja: "1 か月";
    P1Y => "1 year", "1 年", ja: "1 年";
    P3Y => "3 years", "3 年", ja: "3 年";
}}

messages! { FrequencyText for BillingFrequency {
    Monthly => "Monthly", "每月", ja: "毎月";
    Annual => "Annual", "每年", ja: "毎年";
    OncePerTerm => "Once per term", "每期一次", ja: "期間ごとに 1 回";
}}

messages! { PublisherText for Publisher {
    Microsoft => "Microsoft", "Microsoft", ja: "Microsoft";
    PartnerIsv => "Partner (ISV)", "合作夥伴 (ISV)", ja: "パートナー (ISV)";
}}

messages! { BillingTypeText for BillingType {
    LicenseBased => "License-based", "授權", ja: "ライセンス ベース";
    UsageBased => "Usage-based", "使用量", ja: "従量課金";
}}

messages! { CategoryText for Category {
    Enterprise => "Enterprise", "企業", ja: "エンタープライズ";
    SmallBusiness => "Small business", "小型企業", ja: "中小企業";
    Trial => "Trial", "試用版", ja: "試用版";
}}

// A ledger entry's reason, by the code the ledger stores.
messages! { LedgerText {
    Purchase => "Purchase", "購買", ja: "購入";
    Increase => "Licenses added", "增加授權", ja: "ライセンスの追加";
    Decrease => "Licenses reduced (refund)", "減少授權（退款）", ja: "ライセンスの削減 (返金)";
    Cancel => "Cancellation (refund)", "取消（退款）", ja: "取り消し (返金)";
    Cycle => "Billing period", "計費週期", ja: "請求期間";
    Renewal => "Renewal", "續約", ja: "更新";
    TrialConversion => "Trial converted to paid", "試用版轉換為付費訂閱", ja: "試用版から有料への変換";
    Upgrade => "Upgrade", "升級", ja: "アップグレード";
    UpgradeCredit => "Upgrade: credit for unused days", "升級：未使用天數的抵免", ja: "アップグレード: 未使用日数分のクレジット";
    TransferCredit => "Transferred to another partner (credit)", "轉移至其他合作夥伴（退費）", ja: "別のパートナーへの移管 (クレジット)";
    SoftwarePurchase => "Software purchase", "軟體購買", ja: "ソフトウェアの購入";
    SoftwareCredit => "Software cancelled (credit)", "取消軟體購買（點數）", ja: "ソフトウェアの取り消し (クレジット)";
    Other => "Other", "其他", ja: "その他";
}}

impl Lang {
    pub fn status(self, s: SubscriptionStatus) -> &'static str {
        self.t(StatusText::of(s))
    }

    pub fn term(self, t: Term) -> &'static str {
        self.t(TermText::of(t))
    }

    pub fn frequency(self, f: BillingFrequency) -> &'static str {
        self.t(FrequencyText::of(f))
    }

    pub fn publisher(self, p: Publisher) -> &'static str {
        self.t(PublisherText::of(p))
    }

    pub fn billing_type(self, b: BillingType) -> &'static str {
        self.t(BillingTypeText::of(b))
    }

    pub fn category(self, c: Category) -> &'static str {
        self.t(CategoryText::of(c))
    }

    /// A ledger entry's reason.
    pub fn ledger_reason(self, reason: &str) -> &'static str {
        let text = match reason {
            "purchase" => LedgerText::Purchase,
            "increase" => LedgerText::Increase,
            "decrease" => LedgerText::Decrease,
            "cancel" => LedgerText::Cancel,
            "cycle" => LedgerText::Cycle,
            "renewal" => LedgerText::Renewal,
            "trial_conversion" => LedgerText::TrialConversion,
            "upgrade" => LedgerText::Upgrade,
            "upgrade_credit" => LedgerText::UpgradeCredit,
            "transfer_credit" => LedgerText::TransferCredit,
            "software_purchase" => LedgerText::SoftwarePurchase,
            "software_credit" => LedgerText::SoftwareCredit,
            _ => LedgerText::Other,
        };
        self.t(text)
    }
}

pub(super) fn when(e: &FieldError, key: &str) -> String {
    e.param(key)
        .and_then(Timestamp::parse_rfc3339)
        .map(Timestamp::display_minutes)
        .unwrap_or_default()
}

// The texts of the subscription error codes without parameters.
messages! { pub(super) const ERROR_TEXTS {
    "seats_not_a_number" => "Enter a whole number of licenses.", "請輸入整數的授權數目。", ja: "ライセンス数を整数で入力してください。";
    "seats_zero" => "A subscription needs at least one license; to end it, cancel it.", "訂用帳戶至少需要一個授權；若要結束，請取消訂用帳戶。", ja: "サブスクリプションには少なくとも 1 つのライセンスが必要です。終了するには、取り消してください。";
    "seats_unchanged" => "That is the current number of licenses.", "這是目前的授權數目。", ja: "それは現在のライセンス数です。";
    "subscription_not_active" => "Only an active subscription can be changed.", "只能變更使用中的訂用帳戶。", ja: "変更できるのはアクティブなサブスクリプションだけです。";
    "subscription_trial" => "A trial's licenses and status cannot be changed.", "試用版的授權數目與狀態無法變更。", ja: "試用版のライセンス数と状態は変更できません。";
    "conversion_not_active_trial" => "Only an active trial can be converted.", "只能轉換使用中的試用版。", ja: "変換できるのはアクティブな試用版だけです。";
    "conversion_auto_renew_off" => "A conversion at the end of the trial needs auto-renew on.", "排程於試用期結束時轉換需要開啟自動續約。", ja: "試用期間の終了時に変換するには、自動更新をオンにする必要があります。";
    "conversion_target_not_active" => "The destination subscription is not active.", "目的地訂用帳戶不在使用中。", ja: "移行先サブスクリプションはアクティブではありません。";
    "conversion_target_ends_earlier" => "The destination subscription ends before the trial; its end date must be on or after the trial's.", "目的地訂用帳戶的到期日早於試用版；其到期日必須在試用版結束之日或之後。", ja: "移行先サブスクリプションは試用版より先に終了します。その終了日は試用版の終了日以降である必要があります。";
    "conversion_unknown_target" => "That subscription cannot receive the trial's licenses.", "該訂用帳戶無法接收試用版的授權。", ja: "そのサブスクリプションは試用版のライセンスを受け取れません。";
    "conversion_not_offered" => "The paid subscription is not sold for this term and billing frequency.", "付費訂用帳戶不提供此期限與計費頻率。", ja: "有料サブスクリプションは、この期間と請求頻度では販売されていません。";
    "subscription_processing" => "A renewal or billing-period charge is being processed: auto-renew, scheduled changes, suspend and reactivate are read-only for now. Try again in 2 minutes.", "正在處理續約或計費週期收費：自動續約、排程的變更、暫停與重新啟用暫時為唯讀。請在 2 分鐘後再試一次。", ja: "更新または請求期間の請求を処理中です。自動更新、スケジュールされた変更、一時停止と再開は現在読み取り専用です。2 分後にもう一度お試しください。";
    "renewal_not_active" => "Only an active subscription's renewal can be changed.", "您只能在訂閱已啟用時安排變更。", ja: "更新を変更できるのはアクティブなサブスクリプションだけです。";
    "renewal_trial" => "A trial converts at its end: schedule its conversion instead.", "試用版會在試用期結束時轉換：請改為排程轉換。", ja: "試用版は終了時に変換されます: 代わりに変換をスケジュールしてください。";
    "renewal_auto_renew_off" => "Changes for renewal need auto-renew on.", "只有在自動續訂已開啟時才能安排變更。", ja: "更新時の変更には、自動更新をオンにする必要があります。";
    "renewal_not_offered" => "This product is not sold for this term and billing frequency, or is not an upgrade of this subscription.", "此產品不提供此期限與計費頻率，或不是此訂用帳戶的升級。", ja: "この製品は、この期間と請求頻度では販売されていないか、このサブスクリプションのアップグレードではありません。";
    "renewal_unchanged" => "That is how the subscription renews anyway.", "訂用帳戶本來就會以此方式續約。", ja: "サブスクリプションはもともとその内容で更新されます。";
    "renewal_coterm_not_offered" => "The co-term date must fall inside the next term, before its natural end.", "共同日期必須落在下一期之內，且早於其原本的結束日。", ja: "共通終了日は、次の期間内で、本来の終了日より前である必要があります。";
    "upgrade_not_active" => "Only an active subscription can be upgraded.", "您只能從使用中的訂用帳戶開始升級。", ja: "アップグレードできるのはアクティブなサブスクリプションだけです。";
    "upgrade_trial" => "A trial is converted to a paid subscription, not upgraded.", "試用版是轉換為付費訂用帳戶，而不是升級。", ja: "試用版はアップグレードではなく、有料サブスクリプションに変換します。";
    "upgrade_not_a_path" => "This product is not an upgrade of this subscription's product (downgrades are not supported).", "此產品不是此訂用帳戶產品的升級（不支援降級）。", ja: "この製品は、このサブスクリプションの製品のアップグレードではありません (ダウングレードはサポートされていません)。";
    "upgrade_unsupported" => "This upgrade path is not supported yet.", "目前不支援此升級路徑。", ja: "このアップグレード パスはまだサポートされていません。";
    "upgrade_not_offered" => "This product is not sold for this term and billing frequency.", "此產品不提供此期限與計費頻率。", ja: "この製品は、この期間と請求頻度では販売されていません。";
    "upgrade_target_not_active" => "The destination subscription is not active.", "目的地訂用帳戶不在使用中。", ja: "移行先サブスクリプションはアクティブではありません。";
    "upgrade_target_term_differs" => "The destination subscription's term differs from this one's.", "目的地訂用帳戶的合約期限不符。", ja: "移行先サブスクリプションの期間が、このサブスクリプションの期間と異なります。";
    "upgrade_target_ends_earlier" => "The destination subscription ends before this one.", "目的地訂用帳戶的合約到期日早於目前合約到期日。", ja: "移行先サブスクリプションは、このサブスクリプションより先に終了します。";
    "upgrade_unknown_target" => "That subscription cannot receive these licenses.", "該訂用帳戶無法接收這些授權。", ja: "そのサブスクリプションはこれらのライセンスを受け取れません。";
    "upgrade_not_acknowledged" => "Confirm that the upgrade cannot be undone.", "請確認升級無法復原。", ja: "アップグレードは元に戻せないことを確認してください。";
    "subscription_not_suspended" => "Only a suspended subscription can be reactivated.", "只能重新啟用已暫停的訂用帳戶。", ja: "再開できるのは一時停止中のサブスクリプションだけです。";
    "subscription_term_ended" => "The term has ended; the subscription cannot be reactivated.", "期限已結束，無法重新啟用訂用帳戶。", ja: "期間が終了しているため、サブスクリプションは再開できません。";
    "subscription_not_cancellable" => "This subscription is already ended.", "此訂用帳戶已結束。", ja: "このサブスクリプションはすでに終了しています。";
    "subscription_suspended" => "This subscription is suspended: access is blocked until your partner reactivates it.", "此訂用帳戶已暫停：在合作夥伴重新啟用之前，存取權已被封鎖。", ja: "このサブスクリプションは一時停止中です: パートナーが再開するまでアクセスはブロックされます。";
    "cancel_not_acknowledged" => "Confirm that a cancelled subscription cannot be restored.", "請確認已取消的訂用帳戶無法復原。", ja: "取り消したサブスクリプションは復元できないことを確認してください。";
    "preview_expired" => "This preview is too old. It now shows current figures: review them and submit again.", "此預覽已過期。預覽現在顯示目前的金額：請檢閱後再提交一次。", ja: "このプレビューは古くなっています。現在の金額が表示されています: 確認して、もう一度送信してください。";
    "preview_pin_stale" => "This subscription was changed after the preview was made. The preview now shows current figures: review them and submit again.", "此訂用帳戶在產生預覽後已變更。預覽現在顯示目前的金額：請檢閱後再提交一次。", ja: "プレビューの作成後に、このサブスクリプションが変更されました。プレビューには現在の金額が表示されています: 確認して、もう一度送信してください。";
    "preview_pin_invalid" => "This preview was not made by Business Center for this subscription. Reload the page and try again.", "此預覽並非商務中心為此訂用帳戶所產生。請重新載入頁面後再試一次。", ja: "このプレビューは、ビジネス センターがこのサブスクリプション用に作成したものではありません。ページを再読み込みして、もう一度お試しください。";
    "offer_unknown" => "This offer does not exist.", "此供應項目不存在。", ja: "このオファーは存在しません。";
    "offer_wrong_segment" => "This offer is not sold to this customer's segment.", "此供應項目不提供給此客戶區段。", ja: "このオファーは、この顧客のセグメントには販売されていません。";
    "offer_market_excluded" => "Azure reservations are not offered in this customer's market.", "此客戶所在的市場未提供 Azure 保留。", ja: "この顧客の市場では Azure の予約は提供されていません。";
    "offer_term_not_offered" => "This term and billing frequency are not sold for this offer.", "此供應項目不提供此期限與計費頻率。", ja: "このオファーは、この期間と請求頻度では販売されていません。";
    "offer_no_price" => "This offer has no price in the customer's currency.", "此供應項目沒有客戶幣別的價格。", ja: "このオファーには、顧客の通貨での価格がありません。";
    "offer_already_held" => "The customer already has this product, and only one is allowed.", "客戶已經有該產品的訂用帳戶，且只允許一個。", ja: "顧客はすでにこの製品を持っており、1 つしか許可されていません。";
    "offer_held_suspended" => "The customer's subscription to this product is suspended: reactivate it instead of buying a new one.", "客戶的此產品訂用帳戶已暫停：請重新啟用訂用帳戶，而不是購買新的訂用帳戶。", ja: "この製品の顧客のサブスクリプションは一時停止中です: 新しく購入する代わりに再開してください。";
    "addon_no_base" => "This add-on needs an active base subscription.", "此附加元件需要使用中的基本訂用帳戶。", ja: "このアドオンには、アクティブな基本サブスクリプションが必要です。";
    "addon_base_not_active" => "Add-ons can be added only to an active paid subscription.", "只有使用中的付費訂用帳戶才能新增附加元件。", ja: "アドオンを追加できるのは、アクティブな有料サブスクリプションだけです。";
    "addon_not_eligible" => "This add-on is not available for this subscription.", "此訂用帳戶無法使用此附加元件。", ja: "このアドオンは、このサブスクリプションでは利用できません。";
    "addon_not_offered" => "This add-on is not sold with this billing frequency for the subscription's term.", "此附加元件不提供此訂用帳戶期限的此計費頻率。", ja: "このアドオンは、このサブスクリプションの期間に対して、この請求頻度では販売されていません。";
    "addon_base_suspended" => "The base subscription is suspended: reactivate it, and its add-ons return with it.", "基底訂閱已暫停：請重新啟用基底訂閱，相關聯的附加元件會隨之恢復。", ja: "基本サブスクリプションは一時停止中です: 再開すると、そのアドオンも元に戻ります。";
    "addon_base_auto_renew_off" => "Auto-renew is off for the base subscription, and an add-on renews only with its base: turn it on there first.", "基底訂閱的自動續約已關閉，而附加元件只會隨基底訂閱續約：請先在基底訂閱開啟自動續約。", ja: "基本サブスクリプションの自動更新がオフで、アドオンは基本サブスクリプションと一緒にのみ更新されます: 先に基本サブスクリプションで自動更新をオンにしてください。";
    "order_empty" => "The cart is empty.", "購物車是空的。", ja: "カートは空です。";
    "order_not_attested" => "Confirm the attestation before submitting.", "提交前請先確認證明事項。", ja: "送信する前に、確認事項に同意してください。";
    "order_resellers_outside_eu" => "Additional resellers are declared only for customers in EU/EFTA countries.", "僅歐盟/EFTA 國家/地區的客戶需宣告其他轉銷商。", ja: "追加のリセラーを申告するのは、EU/EFTA の国の顧客の場合だけです。";
    "order_too_many_resellers" => "At most five additional resellers.", "最多可以輸入五個其他轉銷商。", ja: "追加のリセラーは最大 5 社です。";
    "order_initial_reseller_missing" => "Choose the initial reseller before any additional reseller.", "在任何其他轉銷商之前，必須先選擇初始轉銷商。", ja: "追加のリセラーより先に、最初のリセラーを選択してください。";
    "order_duplicate_reseller" => "A reseller is listed twice.", "轉銷商重複列出。", ja: "同じリセラーが 2 回指定されています。";
    "order_key_invalid" => "Reload the page and review the order again.", "請重新載入頁面並再次檢閱訂單。", ja: "ページを再読み込みして、注文をもう一度確認してください。";
    "order_in_progress" => "This order is being submitted. Wait a moment and check the order history.", "此訂單正在提交中，請稍候並查看訂單歷程記錄。", ja: "この注文は送信中です。しばらく待ってから注文履歴を確認してください。";
    "order_cart_changed" => "The cart changed after you reviewed it (in another tab, for example). Nothing was ordered. This is the cart now: review it and submit again.", "您檢閱後購物車已變更（例如在其他索引標籤中），因此未下任何訂單。以下是目前的購物車：請檢閱後再提交一次。", ja: "確認した後に (たとえば別のタブで) カートが変更されたため、何も注文されていません。現在のカートは次のとおりです: 確認して、もう一度送信してください。";
    "order_key_reused" => "This order reference was already used for another customer or other products. Reload the page and review the order again.", "此訂單參考已用於其他客戶或其他產品。請重新載入頁面並再次檢閱訂單。", ja: "この注文の参照は、別の顧客または別の製品ですでに使用されています。ページを再読み込みして、注文をもう一度確認してください。";
    "reseller_id_invalid" => "A Partner ID is 6 to 10 digits.", "PartnerID 為 6 到 10 位數字。", ja: "パートナー ID は 6 ～ 10 桁の数字です。";
    "test_clock_disabled" => "The test clock exists only in demo mode.", "測試時鐘僅在示範模式中提供。", ja: "テスト クロックはデモ モードでのみ使用できます。";
    "action_unknown" => "Unknown action.", "未知的動作。", ja: "不明な操作です。";
    "clock_advance_zero" => "Move the clock forward by at least one minute.", "請將時鐘至少往前移動一分鐘。", ja: "クロックを少なくとも 1 分進めてください。";
}}

// The texts of the subscription error codes with parameters.
messages! { SErr {
    SubscriptionDeleted => "This subscription was deleted: its term ended on {} while it was suspended, and a suspended subscription is not renewed. Buy the product again to go on using it.", "此訂用帳戶已刪除：其期限於 {} 結束時仍處於暫停狀態，而暫停的訂用帳戶不會續約。若要繼續使用，請重新購買此產品。", ja: "このサブスクリプションは削除されました: 一時停止中に期間が {} に終了し、一時停止中のサブスクリプションは更新されません。引き続き使用するには、製品をもう一度購入してください。";
    SeatsTooMany => "At most {} licenses.", "最多 {} 個授權。", ja: "ライセンスは最大 {} 個です。";
    SeatsWindowClosed => "Licenses can no longer be reduced: the 7-day window closed at {}.", "無法再減少授權數目：7 天期限已於 {} 結束。", ja: "ライセンスはこれ以上削減できません: 7 日間の期限は {} に終了しました。";
    SeatsNotReducible => "Only {} licenses can be reduced now (the lowest possible count is {}).", "目前只能減少 {} 個授權（最低可為 {} 個）。", ja: "現在削減できるライセンスは {} 個だけです (最小数は {} 個です)。";
    SubscriptionUpdateLimit => "This subscription reached {} updates. Buy a second subscription of this product instead.", "此訂用帳戶已更新 {} 次。請改為購買此產品的第二個訂用帳戶。", ja: "このサブスクリプションは更新回数の上限 ({} 回) に達しました。代わりに、この製品の 2 つ目のサブスクリプションを購入してください。";
    UpgradeTooManySeats => "This subscription has only {} licenses.", "此訂用帳戶只有 {} 個授權。", ja: "このサブスクリプションのライセンスは {} 個だけです。";
    UpgradeTargetTooLarge => "The destination subscription would hold more than {} licenses.", "目的地訂用帳戶的授權將超過 {} 個。", ja: "移行先サブスクリプションのライセンスが {} 個を超えてしまいます。";
    UpgradeUpdateLimit => "This subscription reached {} updates. Buy a second subscription of this product instead.", "此訂用帳戶已更新 {} 次。請改為購買此產品的第二個訂用帳戶。", ja: "このサブスクリプションは更新回数の上限 ({} 回) に達しました。代わりに、この製品の 2 つ目のサブスクリプションを購入してください。";
    UpgradeTargetInWindow => "The destination subscription is inside its cancellation window until {}.", "目的地訂用帳戶在取消期間內（至 {}）。", ja: "移行先サブスクリプションは {} まで取り消し期間中です。";
    CancelWindowClosed => "The cancellation window closed at {}.", "取消期限已於 {} 結束。", ja: "取り消し期間は {} に終了しました。";
    PreviewExpiredAtMidnight => "Prices changed at midnight UTC: the amount is now {}. The preview shows the new figure: review it and submit again.", "價格已於國際標準時間 (UTC) 午夜變更：金額現在為 {}。預覽已顯示新的金額：請檢閱後再提交一次。", ja: "UTC の午前 0 時に価格が変わり、金額は {} になりました。プレビューには新しい金額が表示されています: 確認して、もう一度送信してください。";
    PreviewChanged => "The amount changed to {} since the page was loaded. Review it and submit again.", "自頁面載入後金額已變更為 {}。請檢閱後再提交一次。", ja: "ページの読み込み後に金額が {} に変わりました。確認して、もう一度送信してください。";
    AddonBelowMinimum => "At least {} licenses are needed (5 % of {} base licenses).", "至少需要 {} 個授權（{} 個基本授權的 5%）。", ja: "少なくとも {} 個のライセンスが必要です (基本ライセンス {} 個の 5 %)。";
    AddonAboveMaximum => "At most {} licenses (the number of base licenses).", "最多 {} 個授權（基本授權的數目）。", ja: "ライセンスは最大 {} 個です (基本ライセンスの数)。";
    BaseBelowAddon => "{} holds {} licenses, so at least as many base licenses are needed.", "{} 有 {} 個授權，因此至少需要同樣數目的基本授權。", ja: "{} には {} 個のライセンスがあるため、少なくとも同じ数の基本ライセンスが必要です。";
    BaseAboveAddon => "{} covers at most {} base licenses (5 %). Increase it first.", "{} 最多涵蓋 {} 個基本授權（5%）。請先增加其授權數。", ja: "{} が対象にできる基本ライセンスは最大 {} 個 (5 %) です。先にそのライセンスを増やしてください。";
    ConversionTargetFull => "The destination subscription would hold more than {} licenses.", "目的地訂用帳戶的授權將超過 {} 個。", ja: "移行先サブスクリプションのライセンスが {} 個を超えてしまいます。";
    ConversionTargetUpdateLimit => "The destination subscription reached {} updates: convert to a new subscription instead.", "目的地訂用帳戶已更新 {} 次：請改為轉換為新的訂用帳戶。", ja: "移行先サブスクリプションは更新回数の上限 ({} 回) に達しました: 代わりに新しいサブスクリプションに変換してください。";
    ConversionTooFewSeats => "A trial converts mid-term with at least {} licenses.", "期中轉換試用版時至少需要 {} 個授權。", ja: "期間の途中で試用版を変換するには、少なくとも {} 個のライセンスが必要です。";
    ClockDaysInvalid => "Enter 0 to {} days.", "請輸入 0 到 {} 天。", ja: "0 から {} までの日数を入力してください。";
    ClockMinutesInvalid => "Enter 0 to {} minutes.", "請輸入 0 到 {} 分鐘。", ja: "0 から {} までの分数を入力してください。";
}}

/// The text of a subscription error code; `None` for other codes.
pub(super) fn error_text(code: &str, e: &FieldError, lang: Lang) -> Option<String> {
    if let Some(text) = lang.error_text(ERROR_TEXTS, code) {
        return Some(text.into());
    }
    let p = |k: &str| e.param(k).unwrap_or_default().to_string();
    let none = String::new;
    let (text, args) = match code {
        "subscription_deleted" => (SErr::SubscriptionDeleted, [p("ended"), none()]),
        "seats_too_many" => (
            SErr::SeatsTooMany,
            [domain::seats::MAX_SEATS.to_string(), none()],
        ),
        "seats_window_closed" => (SErr::SeatsWindowClosed, [when(e, "closed_at"), none()]),
        "seats_not_reducible" => (SErr::SeatsNotReducible, [p("reducible"), p("lowest")]),
        "subscription_update_limit" => (SErr::SubscriptionUpdateLimit, [p("max"), none()]),
        "upgrade_too_many_seats" => (SErr::UpgradeTooManySeats, [p("seats"), none()]),
        "upgrade_target_too_large" => (SErr::UpgradeTargetTooLarge, [p("max"), none()]),
        "upgrade_update_limit" => (SErr::UpgradeUpdateLimit, [p("max"), none()]),
        "upgrade_target_in_window" => (SErr::UpgradeTargetInWindow, [when(e, "until"), none()]),
        "cancel_window_closed" => (SErr::CancelWindowClosed, [when(e, "closed_at"), none()]),
        "preview_expired_at_midnight" => (SErr::PreviewExpiredAtMidnight, [p("amount"), none()]),
        "preview_changed" => (SErr::PreviewChanged, [p("amount"), none()]),
        "addon_below_minimum" => (SErr::AddonBelowMinimum, [p("min"), p("base")]),
        "addon_above_maximum" => (SErr::AddonAboveMaximum, [p("max"), none()]),
        "base_below_addon" => (SErr::BaseBelowAddon, [p("addon"), p("addon_seats")]),
        "base_above_addon" => (SErr::BaseAboveAddon, [p("addon"), p("max_base")]),
        "conversion_target_full" => (SErr::ConversionTargetFull, [p("max"), none()]),
        "conversion_target_update_limit" => (SErr::ConversionTargetUpdateLimit, [p("max"), none()]),
        "conversion_too_few_seats" => (SErr::ConversionTooFewSeats, [p("min"), none()]),
        "clock_days_invalid" => (SErr::ClockDaysInvalid, [p("max"), none()]),
        "clock_minutes_invalid" => (SErr::ClockMinutesInvalid, [p("max"), none()]),
        _ => return None,
    };
    Some(fill(lang.t(text), &[&args[0], &args[1]]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn every_subscription_message_differs_between_languages() {
        for (key, text) in SMsg::ALL {
            assert_ne!(text.get(Language::En), text.get(Language::ZhTw), "{key}");
        }
    }

    /// R-SUB-10: the refusal after midnight UTC names the new figure.
    #[test]
    fn r_sub_10_the_midnight_refusal_names_the_new_figure() {
        let e = domain::PreviewError::PastMidnight {
            actual: domain::Money::new(18_600, domain::Currency::Twd),
        }
        .field_error();
        let text = |lang| error_text(&e.code, &e, Lang(lang)).unwrap();
        assert_eq!(
            text(Language::En),
            "Prices changed at midnight UTC: the amount is now TWD 186.00. The preview shows the new figure: review it and submit again."
        );
        assert!(text(Language::ZhTw)
            .starts_with("價格已於國際標準時間 (UTC) 午夜變更：金額現在為 TWD 186.00。"));
        assert!(text(Language::Ja)
            .starts_with("UTC の午前 0 時に価格が変わり、金額は TWD 186.00 になりました。"));
    }
}
