"""Reading time: English by words, Chinese by characters, both shown in whole minutes."""

from content.reading import minutes_to_read
from tests.content.factories import ArticlePageFactory, paragraph


def test_english_is_timed_by_words():
    assert minutes_to_read("word " * 230) == 1
    assert minutes_to_read("word " * 231) == 2
    assert minutes_to_read("word " * 690) == 3


def test_chinese_is_timed_by_characters_not_by_spaces():
    # 700 characters with no space: one "word" to a space-splitter, two minutes to a reader.
    assert minutes_to_read("监" * 700) == 2
    assert minutes_to_read("监控，" * 350) == 2  # punctuation is not read as characters
    assert minutes_to_read("监" * 1051) == 4


def test_latin_names_inside_chinese_count_as_words():
    text = "MailOnline报道。" * 175  # 350 characters and 175 words
    assert minutes_to_read(text) == 2  # 350/350 + 175/230 = 1.76


def test_a_short_text_takes_a_minute():
    assert minutes_to_read("") == 1
    assert minutes_to_read("一句话。") == 1


def test_chinese_article_gets_its_reading_time_from_its_characters(site_tree):
    body = [paragraph("<p>" + "这座城市的居民正处在摄像头的注视之下。" * 40 + "</p>")]
    article = ArticlePageFactory(parent=site_tree.index, standfirst="重庆的监控。", body=body)
    # 18 characters x 40 + 5 = 725 characters: three minutes at 350 a minute.
    assert article.reading_minutes == 3
