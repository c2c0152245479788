package io.scangate.server.http;

import io.scangate.verifier.verdict.Verdict;

/**
 * The consumer page's words in one language: one instance each for Chinese ({@link #ZH}) and
 * English ({@link #EN}). Placeholders {@code {n}}, {@code {date}}, {@code {region}} are filled by
 * {@link ConsumerPage}. Immutable.
 */
final class PageText {
    static final PageText EN = new PageText(new String[] {
        "Genuine product", "First scan: you are the first to check this code.",
        "Genuine product, already scanned", "This code has been scanned {n} times, first on {date}{region}. If you just opened a"
            + " new pack, ask your seller.",
        "Suspected clone", "This code is real, but its scan history looks like a copy. Ask your seller. Scanned {n} times, first on"
            + " {date}{region}.",
        "Not genuine", "This code was not issued by the brand. The product may be counterfeit.",
        "Unknown code", "This code belongs to no known product batch.",
        "Not active", "This code has not been activated yet. Ask your seller.",
        "Recalled", "The brand has withdrawn this code. Stop using the product and contact the brand.",
    }, new String[] {
        " in ", "Product", "SKU", "GTIN", "Batch", "Production date", "Production line", "Traceability", "You won a prize!",
        "Campaign", "Prize", "Amount", "Reward ID",
        "To claim it, keep this page and show the reward ID to the store or the brand's service line before the campaign ends.",
        "This code's prize was already claimed.", "Where it was sold", "Installed at", "With", "Verdict code", "Code",
        "Product image", "Not from this brand: no product details are shown for this code.", "From the brand",
    });

    static final PageText ZH = new PageText(new String[] {
        "正品", "首次扫码：您是第一个验证此码的人。",
        "正品 · 已被扫码", "此码已被扫码 {n} 次，首次扫码于 {date}{region}。如果您刚打开新包装，请向卖家核实。",
        "疑似复制码", "此码是真码，但扫码记录显示它可能被复制。请向卖家核实。已被扫码 {n} 次，首次扫码于 {date}{region}。",
        "非正品", "此码并非品牌方发放，产品可能是假冒的。",
        "未知码", "此码不属于任何已知的产品批次。",
        "未激活", "此码尚未激活。请向卖家核实。",
        "已召回", "品牌方已撤回此码。请停止使用该产品并联系品牌方。",
    }, new String[] {
        "，地区 ", "产品", "SKU", "GTIN", "批次", "生产日期", "生产线", "溯源信息", "恭喜您中奖！",
        "活动", "奖品", "金额", "奖励编号",
        "领取方式：请保存此页面，并在活动结束前向门店或品牌客服出示奖励编号。",
        "此码的奖品已被领取。", "销售渠道", "安装门店", "经手方", "验证结果代码", "码",
        "产品图片", "此码并非品牌方发放，不显示产品信息。", "品牌链接",
    });

    /** Index into the verdict texts: titles at 2k, explanations at 2k + 1. */
    static final int FIRST = 0;
    static final int REPEAT = 1;
    static final int SUSPECT = 2;
    static final int FORGED = 3;
    static final int UNKNOWN = 4;
    static final int NOT_ACTIVE = 5;
    static final int VOIDED = 6;

    final String in;
    /** Heading of the brand's links (the resolver's links of the product). */
    final String links;
    final String product;
    final String sku;
    final String gtin;
    final String batch;
    final String productionDate;
    final String line;
    final String steps;
    final String won;
    final String campaign;
    final String prize;
    final String amount;
    final String rewardId;
    final String howToClaim;
    final String claimed;
    final String channel;
    final String installedAt;
    final String holder;
    final String verdictCode;
    final String code;
    final String image;
    final String noProduct;
    private final String[] verdicts;

    private PageText(final String[] verdicts, final String[] w) {
        this.verdicts = verdicts;
        int i = 0;
        in = w[i++];
        product = w[i++];
        sku = w[i++];
        gtin = w[i++];
        batch = w[i++];
        productionDate = w[i++];
        line = w[i++];
        steps = w[i++];
        won = w[i++];
        campaign = w[i++];
        prize = w[i++];
        amount = w[i++];
        rewardId = w[i++];
        howToClaim = w[i++];
        claimed = w[i++];
        channel = w[i++];
        installedAt = w[i++];
        holder = w[i++];
        verdictCode = w[i++];
        code = w[i++];
        image = w[i++];
        noProduct = w[i++];
        links = w[i];
    }

    static PageText of(final int language) {
        return language == PageLanguage.ZH ? ZH : EN;
    }

    /** Which verdict text a scan shows: genuine splits into first and repeat. */
    static int kind(final Verdict v, final boolean firstScan) {
        return switch (v) {
            case GENUINE -> firstScan ? FIRST : REPEAT;
            case SUSPECT -> SUSPECT;
            case FORGED -> FORGED;
            case UNKNOWN -> UNKNOWN;
            case NOT_ACTIVE -> NOT_ACTIVE;
            default -> VOIDED;
        };
    }

    String title(final int kind) {
        return verdicts[2 * kind];
    }

    String explanation(final int kind) {
        return verdicts[2 * kind + 1];
    }
}
