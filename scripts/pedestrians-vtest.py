#!/usr/bin/python3
"""Pedestrian instance masks from a static-camera street video, by background subtraction.

OpenCV's sample video vtest.avi (Debian package opencv-doc) shows people walking across a plaza, filmed from a
fixed camera. The median of the frames is the empty scene; pixels that differ from it, minus cast shadows (darker
than the background with the same chromaticity), cleaned with morphology, give one connected component per
person. Components that do not look like one upright person (groups, fragments, cars) are dropped together with
any person they touch, so every label kept is a single pedestrian. The masks are pseudo ground truth: good
silhouettes, but feet and shadows, and people in front of similar colours, are imperfect.

Writes NAME.png + NAME_labels.png (16-bit) for every STRIDE-th frame into OUT/train and OUT/validation (the last
fifth of the video, never trained on), and OUT/validation-close: a view around each validation pedestrian in which
it fills most of the height, as people do in street photographs taken at eye level (the model then sees them
large). Usage: pedestrians-vtest.py VIDEO OUT [STRIDE]
"""
import os
import sys

import cv2
import numpy as np


def frames(video):
    cap = cv2.VideoCapture(video)
    out = []
    while True:
        ok, f = cap.read()
        if not ok:
            return out
        out.append(f)


def person_labels(frame, background):
    f = frame.astype(np.float32)
    b = background.astype(np.float32)
    diff = np.abs(f - b).max(axis=2)
    fg = diff > 22
    # cast shadow: darker than the background by 25-65 %, chromaticity nearly unchanged
    ratio = (f.sum(axis=2) + 1) / (b.sum(axis=2) + 1)
    chroma = np.abs(f / (f.sum(axis=2, keepdims=True) + 1) - b / (b.sum(axis=2, keepdims=True) + 1)).max(axis=2)
    shadow = (ratio > 0.35) & (ratio < 0.8) & (chroma < 0.03)
    fg &= ~shadow
    fg = fg.astype(np.uint8)
    fg = cv2.morphologyEx(fg, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3)))
    fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    n, comp, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    h, w = fg.shape
    labels = np.zeros((h, w), np.uint16)
    rejected = np.zeros((h, w), np.uint8)
    kept = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if area < 60:
            continue
        mask = (comp == i).astype(np.uint8)
        # fill holes: everything not reachable from outside the box
        filled = mask.copy()
        pad = np.zeros((bh + 4, bw + 4), np.uint8)
        pad[2:-2, 2:-2] = mask[y:y + bh, x:x + bw]
        flood = pad.copy()
        cv2.floodFill(flood, np.zeros((bh + 6, bw + 6), np.uint8), (0, 0), 1)
        filled[y:y + bh, x:x + bw] |= (flood[2:-2, 2:-2] == 0).astype(np.uint8)
        single = (area >= 500 and 45 <= bh <= 220 and 2.1 <= bh / bw <= 4.5 and area / (bw * bh) > 0.3
                  and x > 1 and y > 1 and x + bw < w - 1 and y + bh < h - 1)
        if single:
            kept.append((filled, (x, y, bw, bh)))
        elif area >= 150:
            rejected |= filled
    grown = cv2.dilate(rejected, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    label = 0
    for filled, (x, y, bw, bh) in kept:
        if grown[max(0, y - 4):y + bh + 4, max(0, x - 4):x + bw + 4].any():
            continue
        label += 1
        labels[filled > 0] = label
    return labels


def close_views(frame, labels, name):
    """One crop per pedestrian, the person 70-85 % of the crop height, keeping only people wholly inside."""
    h, w = labels.shape
    for k in range(1, int(labels.max()) + 1):
        ys, xs = np.nonzero(labels == k)
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        side_h = int((y1 - y0) / (0.7 + 0.15 * ((k * 37) % 10) / 10))
        side_w = int(side_h * 1.25)
        cy, cx = (y0 + y1) // 2, (x0 + x1) // 2
        top, left = max(0, min(h - side_h, cy - side_h // 2)), max(0, min(w - side_w, cx - side_w // 2))
        crop = labels[top:top + side_h, left:left + side_w]
        view = np.zeros_like(crop)
        inside = 0
        for j in np.unique(crop):
            if j == 0:
                continue
            jy, jx = np.nonzero(labels == j)
            if jy.min() >= top and jy.max() < top + side_h and jx.min() >= left and jx.max() < left + side_w:
                inside += 1
                view[crop == j] = inside
        cv2.imwrite("%s-p%d.png" % (name, k), frame[top:top + side_h, left:left + side_w])
        cv2.imwrite("%s-p%d_labels.png" % (name, k), view)


def main():
    video, out = sys.argv[1], sys.argv[2]
    stride = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    fs = frames(video)
    if not fs:
        sys.exit("Cannot read frames from " + video)
    background = np.median(np.stack(fs[::5]), axis=0).astype(np.uint8)
    first_validation = len(fs) * 4 // 5
    counts = {"train": [0, 0], "validation": [0, 0]}
    for i in range(0, len(fs), stride):
        labels = person_labels(fs[i], background)
        if labels.max() == 0:
            continue
        part = "validation" if i >= first_validation else "train"
        os.makedirs(os.path.join(out, part), exist_ok=True)
        name = os.path.join(out, part, "vtest-%04d" % i)
        cv2.imwrite(name + ".png", fs[i])
        cv2.imwrite(name + "_labels.png", labels)
        if part == "validation":
            os.makedirs(os.path.join(out, "validation-close"), exist_ok=True)
            close_views(fs[i], labels, os.path.join(out, "validation-close", "vtest-%04d" % i))
        counts[part][0] += 1
        counts[part][1] += int(labels.max())
    for part, (images, people) in counts.items():
        print("%s: %d frames, %d pedestrians" % (part, images, people))


if __name__ == "__main__":
    main()
