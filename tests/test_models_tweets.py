"""``voices train --tokenizer tweets``: hashtag handling as the pipeline's first step."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from voices.cli import app
from voices.models import load_model
from voices.models.hashtags import tag_digest
from voices.models.tweets import TweetTokens, segment
from voices.nlp import prepare_one

runner = CliRunner()


def test_segment_prefers_fewest_known_words():
    vocab = {"hillary": 5, "clinton": 3, "hill": 1, "ary": 1}
    assert segment("hillaryclinton", vocab) == ["hillary", "clinton"]
    assert segment("unknownword", vocab) == []


def test_tweet_tokens_drops_ubiquitous_tags_and_splits_the_rest():
    texts = [prepare_one(t) for t in ("Hillary for president #SemST", "Clinton again #SemST",
                                      "vote #HillaryClinton #SemST")]
    t = TweetTokens().fit(texts)
    assert t.dropped_ == [tag_digest("semst")]  # no English word: it could spell someone, so a digest
    assert t.transform([prepare_one("go #HillaryClinton! #SemST")]) == ["go #hillaryclinton hillary clinton !"]
    # an unsplittable tag stays one token; text without hashtags is unchanged
    assert t.transform(["# zzqx here", "plain text ."]) == ["#zzqx here", "plain text ."]


def test_default_prepared_text_is_unchanged():
    assert prepare_one("I love #HillaryClinton #SemST") == "i love # hillaryclinton # semst"


def _semeval_csv(tmp_path):
    rows = ["id,target,text,stance"]
    words = {"FAVOR": "love great #ImWithHer", "AGAINST": "hate awful #StopHillary", "NONE": "weather lunch today"}
    for i in range(30):
        lab = list(words)[i % 3]
        rows.append(f"{i},T,{words[lab]} number {i} #SemST,{lab}")
    p = tmp_path / "train.csv"
    p.write_text("\n".join(rows) + "\n")
    return p


def test_train_with_tweets_tokenizer_records_it_and_predicts_through_it(tmp_path):
    out = tmp_path / "m"
    result = runner.invoke(app, ["train", "--data", str(_semeval_csv(tmp_path)), "--task", "stance",
                                 "--out", str(out), "--tokenizer", "tweets", "--json"])
    assert result.exit_code == 0, result.output
    model = load_model(out)
    # "semst" is no English word: meta.json counts it (it could spell someone), the model still drops it
    assert model.meta["tokenizer"] == {"name": "tweets", "version": "tweets-1", "dropped_hashtags": [],
                                       "dropped_hashtags_withheld": 1}
    assert model.pipeline.named_steps["tweets"].dropped_ == [tag_digest("semst")]
    assert json.loads(result.stdout)["tokenizer"]["name"] == "tweets"
    assert list(model.pipeline.named_steps) == ["tweets", "features", "classifier"]
    assert [p.label for p in model.predict(["so great #ImWithHer #SemST", "awful #StopHillary"])] == ["FAVOR", "AGAINST"]
    # deterministic: the same data gives the same model
    again = tmp_path / "m2"
    assert runner.invoke(app, ["train", "--data", str(_semeval_csv(tmp_path)), "--task", "stance",
                               "--out", str(again), "--tokenizer", "tweets", "-q"]).exit_code == 0
    assert load_model(again).model_id == model.model_id


def test_default_tokenizer_adds_nothing_to_the_model(tmp_path):
    out = tmp_path / "m"
    assert runner.invoke(app, ["train", "--data", str(_semeval_csv(tmp_path)), "--task", "stance",
                               "--out", str(out), "-q"]).exit_code == 0
    model = load_model(out)
    assert "tokenizer" not in model.meta
    assert list(model.pipeline.named_steps) == ["features", "classifier"]


def test_unknown_tokenizer_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["train", "--data", str(_semeval_csv(tmp_path)), "--task", "stance",
                                 "--out", str(tmp_path / "m"), "--tokenizer", "bogus"])
    assert result.exit_code != 0
    assert "--tokenizer 'bogus' is not one of default|tweets" in result.output


def test_help_lists_the_tokenizer_option():
    result = runner.invoke(app, ["train", "--help"])
    assert "--tokenizer" in result.output
